package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.server.admin.DatasetAdmin;
import dev.apprentice.server.admin.DatasetViews;
import dev.apprentice.server.admin.Views;
import dev.apprentice.server.dataset.ImportOptions;
import dev.apprentice.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Works on the datasets of a data directory, with the admin API's checks and JSON shapes; an import streams the file
 * straight into the store (any size), with progress on stderr when it takes a while.
 */
final class DirectDatasetsClient implements DatasetsClient {

  private final Store store;
  private final DatasetAdmin admin;
  private final PrintWriter err;

  /** @param store the opened store, or null when the data directory has no database yet */
  DirectDatasetsClient(Store store, Clock clock, PrintWriter err) {
    this.store = store;
    this.admin = store == null ? null : new DatasetAdmin(store.datasets(), store.traces(), clock);
    this.err = err;
  }

  @Override
  public JsonNode importFile(String name, Path file, ImportOptions options) {
    try (InputStream in = ImportProgress.wrap(Files.newInputStream(file), Files.size(file), err)) {
      return answer(() -> admin.importRows(name, in, options));
    } catch (NoSuchFileException e) {
      throw AdminFailure.usage("cannot read " + file + ": no such file");
    } catch (IOException | UncheckedIOException e) {
      throw AdminFailure.failed("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public JsonNode fromTraces(String name, ObjectNode filters) {
    return answer(() -> admin.fromTraces(name, filters));
  }

  @Override
  public JsonNode list() {
    return store == null ? AdminJson.tree(Views.list(List.of())) : answer(admin::list);
  }

  @Override
  public JsonNode show(String name) {
    return named(name, () -> admin.show(name));
  }

  @Override
  public JsonNode version(String name, String version, int offset, int limit) {
    return named(name, () -> admin.version(name, version, offset, limit));
  }

  @Override
  public long export(String name, String version, Writer out) {
    long[] count = {0};
    named(name, () -> DatasetViews.version(admin.export(name, version, row -> {
      try {
        out.write(DatasetViews.line(row));
        out.write('\n');
        count[0]++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })));
    return count[0];
  }

  /** A request about dataset {@code name}: without a database there is no such dataset (exit 2, as for any other). */
  private JsonNode named(String name, Supplier<Object> work) {
    if (admin == null) throw AdminFailure.notFound("no dataset named '" + name + "'");
    return answer(work);
  }

  /**
   * Runs one request and answers its view as JSON; a bad request or an unknown dataset or version exits 2, anything
   * else that fails 1.
   */
  private JsonNode answer(Supplier<Object> work) {
    if (admin == null) throw AdminFailure.failed("no datasets: nothing is stored in this data directory yet");
    try {
      return AdminJson.tree(work.get());
    } catch (GatewayException e) {
      throw AdminFailure.of(e);
    } catch (IllegalArgumentException e) {
      throw AdminFailure.usage(e.getMessage());
    } catch (UncheckedIOException e) {
      throw AdminFailure.failed(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (store != null) store.close();
  }
}
