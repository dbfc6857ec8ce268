package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code datasets from-traces NAME [filters]}: a new version from stored calls, the first turn of the data flywheel.
 * Each item's input is a call's captured request messages and its expected answer what the model said (to review);
 * calls traced without bodies (capture: metadata-only) are skipped and counted.
 */
@Command(name = "from-traces", mixinStandardHelpOptions = true,
    description = "Make a new version from stored calls: input = the captured request messages, expected = the"
        + " model's answer (to review). Calls captured metadata-only are skipped and counted.")
final class DatasetFromTracesCommand extends DatasetCommand {

  @Parameters(paramLabel = "NAME", description = "lower-case letters, digits, '.', '_' or '-'") String name;
  @Option(names = "--model", paramLabel = "ALIAS", description = "only calls to this model alias") String model;
  @Option(names = "--prompt", paramLabel = "NAME[@N]", description = "only calls made with this registered prompt") String prompt;
  @Option(names = "--since", paramLabel = "WHEN", description = "only calls since: 30m, 1h, 7d, 2026-11-23 or an ISO instant")
  String since;
  @Option(names = "--until", paramLabel = "WHEN", description = "only calls before this time") String until;
  @Option(names = "--tag", paramLabel = "TAG", description = "only calls carrying this tag") String tag;
  @Option(names = "--status", paramLabel = "STATUS", description = "ok, error, or an HTTP status such as 429") String status;
  @Option(names = "--tenant", paramLabel = "TENANT", description = "only calls of this tenant") String tenant;
  @Option(names = "--limit", paramLabel = "N", description = "at most this many calls (the oldest first)") Integer limit;
  @Option(names = "--append", description = "keep the latest version's items and add these after them") boolean append;
  @Option(names = "--json", description = "print the admin API's JSON") boolean json;

  @Override
  void check() {
    if (limit != null && limit < 1) throw AdminFailure.usage("--limit must be at least 1; got " + limit);
    if (status != null && !status.matches("ok|error|\\d{3}")) {
      throw AdminFailure.usage("--status must be ok, error or an HTTP status such as 429; got '" + status + "'");
    }
    if (since != null) TraceFilter.sinceInstant(since, java.time.Clock.systemUTC());
  }

  @Override
  void run(DatasetsClient client, PrintWriter out, PrintWriter err) {
    ObjectNode filters = AdminJson.MAPPER.createObjectNode();
    put(filters, "model", model);
    put(filters, "prompt", prompt);
    put(filters, "since", since);
    put(filters, "until", until);
    put(filters, "tag", tag);
    put(filters, "status", status);
    put(filters, "tenant", tenant);
    if (limit != null) filters.put("limit", limit);
    if (append) filters.put("append", true);
    JsonNode version = client.fromTraces(name, filters);
    if (json) {
      out.println(AdminJson.pretty(version));
      return;
    }
    long skipped = version.path("skipped_metadata_only").asLong();
    long unreadable = version.path("skipped_unreadable").asLong();
    out.println("made " + Cells.text(version, "id") + " with " + Cells.count(version.path("items").asLong()) + " items from "
        + Cells.count(version.path("traces_matched").asLong()) + " matching calls" + (skipped + unreadable == 0 ? ""
        : "; skipped " + skipped + " captured metadata-only" + (unreadable > 0 ? " and " + unreadable + " unreadable" : "")));
    out.println("expected answers are what the model said: review them before using the dataset as ground truth");
  }

  private static void put(ObjectNode filters, String field, String value) {
    if (value != null) filters.put(field, value);
  }
}
