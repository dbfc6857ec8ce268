package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path data;

  @BeforeEach
  void storeCallsOverThreeDays() {
    data = dir.resolve("data");
    SampleTraces.store(data,
        SampleTraces.ok("a", SampleTraces.NOW.minusSeconds(2 * 86_400), "acme", "fast", 100, 10, 0.25),
        SampleTraces.ok("b", SampleTraces.NOW.minusSeconds(3_600), "acme", "fast", 200, 20, 0.5),
        SampleTraces.ok("c", SampleTraces.NOW.minusSeconds(60), "globex", "smart", 1_000, 500, 2.0),
        SampleTraces.refused("d", SampleTraces.NOW.minusSeconds(30), "globex", "fast"));
  }

  private Cli.Run costs(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "costs";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = data.toString();
    return Cli.run(all);
  }

  @Test
  void spendByModelIsATableWithATotalRow() {
    Cli.Run run = costs();
    assertThat(run.exit()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst()).isEqualTo("spend by model");
    assertThat(lines.get(1)).startsWith("MODEL").contains("CALLS", "TOKENS IN", "TOKENS OUT", "COST");
    assertThat(lines.get(2)).startsWith("smart").contains("1,000", "500", "$2.000000");
    assertThat(lines.get(3)).as("the refused request asked no model: no call").startsWith("fast")
        .contains("  2  ", "300", "30", "$0.750000");
    assertThat(lines.get(4)).matches("[- ]+");
    assertThat(lines.get(5)).startsWith("TOTAL").contains("3", "1,300", "530", "$2.750000");
    assertThat(lines.get(5)).hasSameSizeAs(lines.get(4));
  }

  @Test
  void theHelpSaysSinceCountsWholeUtcDaysAsTheTableDoes() {
    Cli.Run help = Cli.run("costs", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("whole UTC days from the day of").doesNotContain("30m");
    assertThat(costs("--since", "1h").out().lines().findFirst().orElseThrow())
        .as("the table says where its days begin")
        .matches("(spend by model|no calls recorded) since \\d{4}-\\d\\d-\\d\\d 00:00:00 UTC");
  }

  @Test
  void spendGroupsByTenantKeyAndDay() {
    assertThat(costs("--by", "tenant").out()).contains("TENANT", "globex", "acme");
    assertThat(costs("--by", "key").out()).contains("KEY", "key-acme", "key-globex");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(costs("--by", "DAY").out()).contains("DAY", today, SampleTraces.NOW.minusSeconds(2 * 86_400)
        .atZone(ZoneOffset.UTC).toLocalDate().toString());
    assertThat(costs("--by", "day").out().lines().findFirst().orElseThrow()).as("days are UTC days, and it says so")
        .isEqualTo("spend by day (UTC)");
  }

  @Test
  void spendByKeyNamesEachKeysNameTenantAndStateAndADashForAKeyTheStoreDoesNotHold() throws Exception {
    JsonNode key = JSON.readTree(Cli.run("keys", "create", "--tenant", "initech", "--name", "finance report",
        "--json", "--data-dir", data.toString()).out());
    String id = key.get("id").asText();
    SampleTraces.store(data,
        SampleTraces.ok("e", SampleTraces.NOW.minusSeconds(5), "initech", id, "smart", 10, 5, 9.0));
    Cli.run("keys", "revoke", id, "--data-dir", data.toString());

    List<String> lines = costs("--by", "key").out().lines().toList();

    assertThat(lines.get(1)).startsWith("KEY").contains("NAME", "TENANT", "STATE", "CALLS", "COST");
    assertThat(lines.get(2)).as("the dearest first").startsWith(id).contains("finance report", "initech", "revoked",
        "$9.000000");
    assertThat(lines.stream().filter(l -> l.startsWith("key-globex")).findFirst().orElseThrow())
        .as("no such key in the store: its calls still counted, without a name")
        .matches("key-globex\\s+-\\s+-\\s+-\\s+.*");
    assertThat(lines.getLast()).startsWith("TOTAL").contains("$11.750000");
    assertThat(lines.getLast()).hasSameSizeAs(lines.get(lines.size() - 2));
    JsonNode row = JSON.readTree(costs("--by", "key", "--json").out()).get("data").get(0);
    assertThat(row.get("name").asText()).isEqualTo("finance report");
    assertThat(row.get("state").asText()).isEqualTo("revoked");
  }

  @Test
  void sinceLeavesOutOlderCalls() throws Exception {
    JsonNode recent = JSON.readTree(costs("--since", "1d", "--json").out());
    assertThat(recent.get("total_usd").asDouble()).isEqualTo(2.5);
    assertThat(recent.get("group_by").asText()).isEqualTo("model");
    assertThat(recent.get("since").asText()).endsWith("Z");
    assertThat(costs("--since", "1d").out()).startsWith("spend by model since ");
    assertThat(costs("--since", "2000-01-01").exit()).isZero();
    assertThat(costs("--since", "2000-01-01T00:00:00Z").exit()).isZero();
    assertThat(costs("--since", "2999-01-01").out().strip()).startsWith("no calls recorded since 2999-01-01");
  }

  @Test
  void untilADayLeavesOutThatDayAndTheDaysAfterAndTheHeadingSaysWhereTheReportEnds() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String twoDaysAgo = SampleTraces.NOW.minusSeconds(2 * 86_400).atZone(ZoneOffset.UTC).toLocalDate().toString();

    JsonNode before = JSON.readTree(costs("--by", "day", "--until", today, "--json").out());
    List<String> days = new java.util.ArrayList<>();
    before.get("data").forEach(row -> days.add(row.get("group").asText()));
    assertThat(days).contains(twoDaysAgo).doesNotContain(today);
    assertThat(before.get("until").asText()).isEqualTo(today + "T00:00:00Z");
    assertThat(costs("--since", "3d", "--until", today).out().lines().findFirst().orElseThrow())
        .startsWith("spend by model since ").endsWith(" until " + today + " 00:00:00 UTC (not included)");
    assertThat(costs("--by", "day", "--until", "1s").out()).as("an instant: to the end of its day").contains(today);
  }

  @Test
  void anUntilNotLaterThanSinceExitsTwoInOneLineNamingUntil() {
    Cli.Run swapped = costs("--since", "1h", "--until", "2h");
    assertThat(swapped.exit()).isEqualTo(2);
    assertThat(swapped.err()).startsWith("apprentice: --until (").contains("must be later than --since (")
        .hasLineCount(1);
    assertThat(costs("--until", "later").exit()).isEqualTo(2);
  }

  @Test
  void jsonIsTheAdminApiCostShape() throws Exception {
    JsonNode costs = JSON.readTree(costs("--by", "tenant", "--json").out());
    assertThat(costs.get("object").asText()).isEqualTo("list");
    assertThat(costs.get("group_by").asText()).isEqualTo("tenant");
    assertThat(costs.has("since")).isFalse();
    JsonNode first = costs.get("data").get(0);
    assertThat(first.get("group").asText()).isEqualTo("globex");
    assertThat(first.get("calls").asLong()).as("its refused request is no call").isEqualTo(1);
    assertThat(first.fieldNames()).toIterable()
        .containsExactly("group", "calls", "input_tokens", "output_tokens", "cost_usd", "estimated_calls");
  }

  @Test
  void theLineUnderTheTableSaysHowManyCallsWereCountedLocallyInWholeOrPart() {
    SampleTraces.store(data, SampleTraces.retried("e", SampleTraces.NOW.minusSeconds(10), "acme", "fast"));

    assertThat(costs().out().lines().toList().getLast()).isEqualTo("1 of these calls was counted locally, in whole or "
        + "part (no usage reported, or an attempt given up after its request was sent): their tokens and cost are "
        + "estimates.");
  }

  @Test
  void anUnknownGroupOrABadSinceExitsTwoInOneLine() {
    Cli.Run by = costs("--by", "colour");
    assertThat(by.exit()).isEqualTo(2);
    assertThat(by.err().strip()).isEqualTo("apprentice: --by must be model, tenant, key or day; got 'colour'");
    Cli.Run since = costs("--since", "7 days");
    assertThat(since.exit()).isEqualTo(2);
    assertThat(since.err()).startsWith("apprentice: --since: expected a span such as 30m").hasLineCount(1);
  }
}
