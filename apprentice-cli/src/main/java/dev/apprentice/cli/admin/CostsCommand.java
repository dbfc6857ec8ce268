package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code apprentice costs [--by model|tenant|key|day] [--since 7d] [--until 2026-11-01]}: the spend table; by key,
 * with each key's name, tenant and state beside its id.
 */
@Command(name = "costs", mixinStandardHelpOptions = true,
    description = "Spend by model, tenant, key or day (on the data directory directly, or on a running server with --url).")
public final class CostsCommand extends AdminCommand {

  private static final List<String> GROUPS = List.of("model", "tenant", "key", "day");

  @Option(names = "--by", paramLabel = "GROUP", defaultValue = "model", description = "model, tenant, key (with "
      + "each key's name, tenant and state) or day (default: model)")
  String by;

  @Option(names = "--since", paramLabel = "WHEN", description = "whole UTC days from the day of: 7d, 2026-11-23 or an "
      + "ISO instant (spend is kept by day: 1h counts all of today)")
  String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "only calls before: 2026-11-01 (the days before it), "
      + "1h or an ISO instant (to the end of its UTC day); later than --since")
  String until;

  @Option(names = "--json", description = "print the admin API's JSON")
  boolean json;

  @Override
  void check() {
    by = by.strip().toLowerCase(Locale.ROOT);
    if (!GROUPS.contains(by)) throw AdminFailure.usage("--by must be model, tenant, key or day; got '" + by + "'");
    TraceFilter.checkWindow(since, until);
  }

  @Override
  void run(AdminClient client, PrintWriter out, PrintWriter err) {
    JsonNode costs = client.costs(by, since, until);
    if (json) {
      out.println(AdminJson.pretty(costs));
      return;
    }
    String scope = (costs.hasNonNull("since") ? " since " + Cells.time(costs, "since") + " UTC" : "")
        + (costs.hasNonNull("until") ? " until " + Cells.time(costs, "until") + " UTC (not included)" : "");
    if (costs.path("data").isEmpty()) {
      out.println("no calls recorded" + scope);
      return;
    }
    out.println("spend by " + (by.equals("day") ? "day (UTC)" : by) + scope);
    boolean byKey = by.equals("key");
    Table table = new Table().column(by.toUpperCase(Locale.ROOT));
    if (byKey) table.column("NAME").column("TENANT").column("STATE");
    table.number("CALLS").number("TOKENS IN").number("TOKENS OUT").number("COST");
    long calls = 0;
    long input = 0;
    long output = 0;
    long estimated = 0;
    for (JsonNode row : costs.path("data")) {
      List<String> cells = new ArrayList<>(List.of(Cells.text(row, "group")));
      // whose key it is, as keys list names it; a dash for anonymous calls and for a key the store no longer holds
      if (byKey) cells.addAll(List.of(Cells.text(row, "name"), Cells.text(row, "tenant"), Cells.text(row, "state")));
      cells.addAll(List.of(Cells.count(row.path("calls").asLong()), Cells.count(row.path("input_tokens").asLong()),
          Cells.count(row.path("output_tokens").asLong()), Cells.usd(row.path("cost_usd").asDouble())));
      table.row(cells.toArray(String[]::new));
      calls += row.path("calls").asLong();
      input += row.path("input_tokens").asLong();
      output += row.path("output_tokens").asLong();
      estimated += row.path("estimated_calls").asLong();
    }
    List<String> total = new ArrayList<>(List.of("TOTAL"));
    if (byKey) total.addAll(List.of("", "", ""));
    total.addAll(List.of(Cells.count(calls), Cells.count(input), Cells.count(output),
        Cells.usd(costs.path("total_usd").asDouble())));
    table.rule().row(total.toArray(String[]::new));
    table.print(out);
    if (estimated > 0) {
      // as traces show says of one such call: an answer without usage, or an attempt given up after its request was
      // sent beside an answer that reported its own
      out.println(Cells.count(estimated) + " of these calls " + (estimated == 1 ? "was" : "were") + " counted locally, "
          + "in whole or part (no usage reported, or an attempt given up after its request was sent): their tokens and "
          + "cost are estimates.");
    }
  }
}
