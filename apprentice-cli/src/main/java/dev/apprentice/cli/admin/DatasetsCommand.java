package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.dataset.DatasetRef;
import dev.apprentice.cli.CommandGroup;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code apprentice datasets import|from-traces|list|show|export}: versioned datasets, on the data directory or a
 * running server.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true,
    description = "Manage versioned datasets: import JSONL/CSV, build one from traces, show and export (on the data"
        + " directory directly, or on a running server with --url). Every change makes a new immutable version.",
    subcommands = {DatasetImportCommand.class, DatasetFromTracesCommand.class, DatasetsCommand.ListDatasets.class,
        DatasetsCommand.Show.class, DatasetsCommand.Export.class})
public final class DatasetsCommand extends CommandGroup {

  /** {@code datasets list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List datasets with their latest version.")
  static final class ListDatasets extends DatasetCommand {

    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(DatasetsClient client, PrintWriter out, PrintWriter err) {
      JsonNode list = client.list();
      if (json) {
        out.println(AdminJson.pretty(list));
        return;
      }
      if (list.path("data").isEmpty()) {
        out.println("no datasets yet (import one with: apprentice datasets import NAME --file data.jsonl)");
        return;
      }
      Table table = new Table().column("NAME").number("VERSION").number("ITEMS").column("SOURCE").column("UPDATED");
      for (JsonNode d : list.path("data")) {
        table.row(Cells.text(d, "name"), Cells.text(d, "latest_version"), Cells.count(d, "items"), Cells.text(d, "source"),
            Cells.time(d, "updated_at"));
      }
      table.print(out);
    }
  }

  /** {@code datasets show NAME[@version] [--limit N]}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a version (default: the latest) and its first items; a bare NAME also lists the versions.")
  static final class Show extends DatasetCommand {

    @Parameters(paramLabel = "NAME[@VERSION]") String ref;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "items to show (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "items to skip first") int offset;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;
    private DatasetRef parsed;

    @Override
    void check() {
      parsed = parse(ref);
      if (limit < 0 || limit > 1000) throw AdminFailure.usage("--limit must be between 0 and 1000; got " + limit);
      if (offset < 0) throw AdminFailure.usage("--offset must be at least 0; got " + offset);
    }

    @Override
    void run(DatasetsClient client, PrintWriter out, PrintWriter err) {
      JsonNode versions = parsed.version() == null ? client.show(parsed.name()) : null;
      JsonNode version = client.version(parsed.name(), version(parsed), offset, limit);
      if (json) {
        out.println(AdminJson.pretty(version));
        return;
      }
      DatasetReport.print(version, versions, offset, out);
    }
  }

  /** {@code datasets export NAME[@version] [--output F]}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write a version's items as JSON Lines ({input, expected, metadata}: what import reads back).")
  static final class Export extends DatasetCommand {

    @Parameters(paramLabel = "NAME[@VERSION]") String ref;
    @Option(names = "--output", paramLabel = "F", description = "write to this file (default: standard output)") Path output;
    private DatasetRef parsed;

    @Override
    void check() {
      parsed = parse(ref);
    }

    @Override
    void run(DatasetsClient client, PrintWriter out, PrintWriter err) {
      ExportFile.Content items = to -> client.export(parsed.name(), version(parsed), to);
      if (output == null) {
        WatchedOutput.export(out, items);
        return;
      }
      long count = ExportFile.write(output, items);
      err.println("exported " + Cells.count(count, "item") + " of " + parsed + " to " + output);
    }
  }

  static DatasetRef parse(String ref) {
    try {
      return DatasetRef.parse(ref);
    } catch (IllegalArgumentException e) {
      throw AdminFailure.usage(e.getMessage());
    }
  }

  static String version(DatasetRef ref) {
    return ref.version() == null ? "latest" : ref.version().toString();
  }
}
