package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.cli.CommandGroup;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apprentice traces list|show|export}: the call log. */
@Command(name = "traces", mixinStandardHelpOptions = true,
    description = "The call log (on the data directory directly, or on a running server with --url).",
    subcommands = {TracesCommand.ListTraces.class, TracesCommand.Show.class, TracesCommand.Export.class,
        TracesCommand.Delete.class})
public final class TracesCommand extends CommandGroup {

  /**
   * {@code traces list}: the latest calls, newest first, a page at a time; when more match, one line on standard error
   * says how to list the next page.
   */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List calls, newest first.")
  static final class ListTraces extends AdminCommand {

    @Option(names = "--limit", paramLabel = "N", description = "at most N calls (1..1000, default 50)") Integer limit;
    @Option(names = "--after", paramLabel = "ID",
        description = "the next page: the calls listed after this one (the last ID of the page before)") String after;
    @Mixin TraceFilterOptions filters;
    @Option(names = "--json", description = "print the admin API's JSON (has_more says whether a next page exists)")
    boolean json;

    private TraceFilter filter;

    @Override
    void check() {
      if (after != null && after.isBlank()) throw AdminFailure.usage("--after must be a trace id; got '" + after + "'");
      filter = filters.filter(limit).pagedAfter(after);
    }

    @Override
    void run(AdminClient client, PrintWriter out, PrintWriter err) {
      JsonNode traces = client.listTraces(filter);
      if (json) {
        out.println(AdminJson.pretty(traces));
        return;
      }
      if (traces.path("data").isEmpty()) {
        out.println("no calls match");
        return;
      }
      Table table = new Table().column("TIME (UTC)").column("ID").column("OP").column("MODEL").column("TENANT")
          .column("STATUS").number("TOKENS IN/OUT").number("COST").number("LATENCY").column("SERVED BY");
      for (JsonNode t : traces.path("data")) {
        table.row(Cells.time(t, "started_at"), Cells.text(t, "id"), operation(t), Cells.text(t, "model"),
            Cells.text(t, "tenant"), status(t), tokens(t), Cells.usd(t.path("cost_usd").asDouble()),
            Cells.millis(t, "latency_ms"), servedBy(t));
      }
      table.print(out);
      if (traces.path("has_more").asBoolean()) {
        out.flush();
        err.println("more: apprentice traces list --after " + traces.path("data").get(traces.path("data").size() - 1)
            .path("id").asText() + " (same filters)");
      }
    }
  }

  /**
   * The OP column: {@code chat} or {@code embeddings}, and {@code chat (responses)} for a chat call that came through
   * {@code /v1/responses} ({@code traces show} names every call's API in full).
   */
  static String operation(JsonNode t) {
    String operation = Cells.text(t, "operation");
    return "responses".equals(t.path("api").asText()) ? operation + " (responses)" : operation;
  }

  /** {@code traces delete --before WHEN}: deletes old calls (what {@code traces.retention_days} does every hour). */
  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete the calls that started before WHEN, with their attempts; spend and budgets are kept.")
  static final class Delete extends AdminCommand {

    @Option(names = "--before", required = true, paramLabel = "WHEN",
        description = "30d (30 days ago), 12h, 2026-10-01 or an ISO instant") String before;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void check() {
      TraceFilter.instant("--before", before, java.time.Clock.systemUTC());
    }

    @Override
    void run(AdminClient client, PrintWriter out, PrintWriter err) {
      JsonNode answer = client.deleteTraces(before);
      if (json) {
        out.println(AdminJson.pretty(answer));
        return;
      }
      out.println("deleted " + Cells.count(answer.path("deleted").asLong(), "call") + " started before "
          + answer.path("before").asText());
    }
  }

  /** {@code traces show ID}: one call with its attempts and captured bodies. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one call: attempts, tokens, cost, bodies.")
  static final class Show extends AdminCommand {

    @Parameters(paramLabel = "ID", description = "the trace id (x-apprentice-trace-id)") String id;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(AdminClient client, PrintWriter out, PrintWriter err) {
      JsonNode trace = client.showTrace(id);
      if (json) {
        out.println(AdminJson.pretty(trace));
      } else {
        TraceReport.print(trace, out);
      }
    }
  }

  /** {@code traces export --format jsonl}: every matching call as JSON Lines, oldest first. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Export calls as JSON Lines (the admin API's trace shape), oldest first.")
  static final class Export extends AdminCommand {

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (the only format)") String format;
    @Option(names = "--output", paramLabel = "FILE", description = "write to FILE (default: standard output)") Path output;
    @Mixin TraceFilterOptions filters;

    private TraceFilter filter;

    @Override
    void check() {
      if (!"jsonl".equals(format)) throw AdminFailure.usage("--format must be jsonl (JSON Lines); got '" + format + "'");
      filter = filters.filter(null);
    }

    @Override
    void run(AdminClient client, PrintWriter out, PrintWriter err) {
      ExportFile.Content calls = to -> client.exportTraces(filter, to);
      if (output == null) {
        WatchedOutput.export(out, calls);
        return;
      }
      long count = ExportFile.write(output, calls);
      err.println("exported " + Cells.count(count, "call") + " to " + output);
    }
  }

  static String status(JsonNode trace) {
    String status = Cells.text(trace, "status");
    return trace.hasNonNull("error_code") ? status + " " + trace.get("error_code").asText() : status;
  }

  static String tokens(JsonNode trace) {
    String tokens = Cells.count(trace.path("input_tokens").asLong()) + "/" + Cells.count(trace.path("output_tokens").asLong());
    return trace.path("usage_estimated").asBoolean() ? "~" + tokens : tokens;
  }

  /**
   * {@code provider/upstream-model} of the target that answered; for a cache hit, of the one that made the cached
   * answer, marked {@code (cache)} ({@code cache} alone for an entry kept without its maker).
   */
  static String servedBy(JsonNode trace) {
    boolean hit = trace.hasNonNull("cache") && !trace.get("cache").asText().equals("miss");
    if (!trace.hasNonNull("provider")) return hit ? "cache" : Cells.NONE;
    String upstream = trace.hasNonNull("upstream_model") ? "/" + trace.get("upstream_model").asText() : "";
    return trace.get("provider").asText() + upstream + (hit ? " (cache)" : "");
  }
}
