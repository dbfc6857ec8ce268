package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.files.DataFolders;
import dev.apprentice.cli.CommandGroup;
import dev.apprentice.local.cache.CacheOnDisk;
import dev.apprentice.local.cache.LuceneResponseCache;
import dev.apprentice.local.embedding.LazyEmbedder;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.server.admin.CacheRoutes;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apprentice cache stats|clear}: the response cache of the data directory (while no server holds it), or of
 * a running server with {@code --url}.
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "The response cache: entries and hits, or clear it (on the data directory, or a running server with --url).",
    subcommands = {CacheCommand.Stats.class, CacheCommand.Clear.class})
public final class CacheCommand extends CommandGroup {

  /** The frame of both sub-commands: one answer from the server's API or the data directory's cache. */
  abstract static class Action implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin AdminTarget target;

    @Override
    public final Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        print(target.remote() ? remote(target.connect()) : direct(DataFolders.cache(target.dataDirectory())), out);
        return 0;
      } catch (RuntimeException e) {
        return AdminCommand.failed(out, err, e);
      } finally {
        out.flush();
        err.flush();
      }
    }

    abstract JsonNode remote(HttpAdminClient client);

    /** The answer for the data directory's cache folder {@code dir}, which exists. */
    abstract Map<String, Object> local(Path dir);

    /** The answer for a data directory that has no cache yet: the empty cache it stands for (none is created). */
    abstract Map<String, Object> none();

    abstract void print(JsonNode answer, PrintWriter out);

    private JsonNode direct(Path dir) {
      if (!Files.isDirectory(dir)) return AdminJson.MAPPER.valueToTree(none());
      try {
        return AdminJson.MAPPER.valueToTree(local(dir));
      } catch (UncheckedIOException e) {
        throw AdminFailure.failed(e.getMessage(), e);
      }
    }
  }

  /** {@code cache stats}. */
  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Entries, and hits and misses since start.")
  static final class Stats extends Action {
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    JsonNode remote(HttpAdminClient client) {
      return client.get("/admin/cache");
    }

    /** Read as it is: a damaged index is said to be, never replaced (see {@link CacheOnDisk}). */
    @Override
    Map<String, Object> local(Path dir) {
      return CacheRoutes.view(CacheOnDisk.stats(dir, Clock.systemUTC()));
    }

    @Override
    Map<String, Object> none() {
      return CacheRoutes.view(new CacheStats(0, 0, 0, 0));
    }

    @Override
    void print(JsonNode s, PrintWriter out) {
      if (json) {
        out.println(AdminJson.pretty(s));
        return;
      }
      long hits = s.path("exact_hits").asLong() + s.path("semantic_hits").asLong();
      long lookups = hits + s.path("misses").asLong();
      out.println("entries        " + Cells.count(s.path("entries").asLong()));
      out.println("exact hits     " + Cells.count(s.path("exact_hits").asLong()));
      out.println("semantic hits  " + Cells.count(s.path("semantic_hits").asLong()));
      out.println("misses         " + Cells.count(s.path("misses").asLong()));
      if (lookups > 0) out.printf(java.util.Locale.ROOT, "hit rate       %.1f%%%n", 100.0 * hits / lookups);
    }
  }

  /** {@code cache clear [--tenant T] [--model M]}. */
  @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove entries (all, or of a tenant and/or model).")
  static final class Clear extends Action {
    @Option(names = "--tenant", paramLabel = "T", description = "only this tenant's entries") String tenant;
    @Option(names = "--model", paramLabel = "M", description = "only this model's entries") String model;

    @Override
    JsonNode remote(HttpAdminClient client) {
      return client.delete("/admin/cache" + query());
    }

    /** Opens the cache as the server does: a damaged index is replaced by an empty one, which it clears. */
    @Override
    Map<String, Object> local(Path dir) {
      try (LocalModels models = target.localModels();
          LuceneResponseCache cache = new LuceneResponseCache(dir, new LazyEmbedder(models::embedder), Clock.systemUTC())) {
        return Map.of("removed", cache.clear(tenant, model));
      }
    }

    @Override
    Map<String, Object> none() {
      return Map.of("removed", 0);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      long removed = answer.path("removed").asLong();
      out.println("removed " + Cells.count(removed) + (removed == 1 ? " entry" : " entries"));
    }

    private String query() {
      Function<String, String> enc = v -> URLEncoder.encode(v, StandardCharsets.UTF_8);
      StringBuilder q = new StringBuilder();
      if (tenant != null) q.append("tenant=").append(enc.apply(tenant));
      if (model != null) q.append(q.isEmpty() ? "" : "&").append("model=").append(enc.apply(model));
      return q.isEmpty() ? "" : "?" + q;
    }
  }
}
