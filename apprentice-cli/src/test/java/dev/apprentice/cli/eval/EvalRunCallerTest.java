package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.cli.CommandRun;
import dev.apprentice.store.Store;
import dev.apprentice.server.access.Keys;
import dev.apprentice.store.TraceQuery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-process evaluation run calls the gateway as a tenant (or a client key), held to its limits and budgets as
 * that tenant's HTTP calls are: the fixture's 60 calls cost about $1, and the budgeted tenant has $0.10 a day.
 */
class EvalRunCallerTest {

  private static final double BUDGET_USD = 0.10;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path config;
  private Path data;
  private Path suite;

  @BeforeEach
  void writeFiles() throws Exception {
    EvalFixture.writeItems(dir);
    // no pilot: the large model's calls are refused from the start, and a variant whose pilot calls the gateway all
    // refused for a budget stops the run after its pilot; these tests follow the budget through every item
    suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    data = dir.resolve("data");
  }

  private void writeConfig(String budgetedTenant) throws Exception {
    config = EvalFixture.writeConfig(dir, """
        tenants:
          %s: { budget_usd_per_day: %s }
        limits: { reserve_output_tokens: 16 }
        """.formatted(budgetedTenant, BUDGET_USD));
  }

  private CommandRun cli(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    all[args.length + 2] = "--data-dir";
    all[args.length + 3] = data.toString();
    return EvalFixture.cli(all);
  }

  private List<TraceRecord> traces() {
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      return store.traces().list(new TraceQuery(1000, null, null, null, null, null));
    }
  }

  /**
   * Every call booked to {@code tenant}; the model answered until the budget was spent, then none was asked (the large
   * model's calls may each cost more than the whole budget: they are refused from the start).
   */
  private void assertHeldToTheBudgetOf(String tenant, CommandRun run) throws Exception {
    List<TraceRecord> traces = traces();
    assertThat(traces).as(run.out() + run.err()).hasSize(60)
        .allSatisfy(t -> assertThat(t.tenant()).isEqualTo(tenant));
    List<TraceRecord> refused = traces.stream().filter(t -> t.status() != 200).toList();
    assertThat(refused).hasSizeBetween(30, 59)
        .allSatisfy(t -> assertThat(t.errorCode()).isIn("budget_exceeded", "request_over_budget"))
        .allSatisfy(t -> assertThat(t.costUsd()).isZero())
        .anySatisfy(t -> assertThat(t.errorMessage()).contains("the daily budget of tenant '" + tenant + "' is $0.10"));
    assertThat(traces.stream().mapToDouble(TraceRecord::costUsd).sum()).isLessThanOrEqualTo(BUDGET_USD);
    assertThat(run.out()).as("a refusal for the budget is no failure of the model's")
        .contains("0 failed, " + refused.size() + " refused for a budget or rate limit (not run)");
    JsonNode variants = JSON.readTree(cli("eval", "report", EvalFixture.runId(run), "--format", "json").out())
        .path("variants");
    assertThat(variants.findValues("errors")).allSatisfy(errors -> assertThat(errors.asInt()).isZero());
    assertThat(variants.findValues("refused_by_limits").stream().mapToInt(JsonNode::asInt).sum())
        .isEqualTo(refused.size());
    assertThat(run.out()).contains("| errors | refused (limits) |");
    assertThat(run.exit()).as("the large variant's calls were all refused for the budget: not measured, not failed")
        .isEqualTo(4);
    assertThat(run.out()).contains("stopped: the gateway refused all 30 item calls of variant 'large' for a budget")
        .contains("the first refusal (variant large, item 0): ").doesNotContain("setup is likely wrong")
        .doesNotContain("raise budget_usd").contains("HTML report");
  }

  @Test
  void withoutAKeyOrTenantTheRunIsHeldToTheDefaultTenantsBudget() throws Exception {
    writeConfig("default");

    CommandRun run = cli("eval", "run", suite.toString(), "--no-progress");

    assertThat(run.out()).contains("as tenant default");
    assertHeldToTheBudgetOf("default", run);
  }

  @Test
  void aRunForANamedTenantIsBookedToItAndStoppedByItsBudget() throws Exception {
    writeConfig("lab");

    CommandRun run = cli("eval", "run", suite.toString(), "--no-progress", "--tenant", "lab");

    assertThat(run.out()).contains("as tenant lab");
    assertHeldToTheBudgetOf("lab", run);
  }

  @Test
  void aRunWithAClientKeyIsMadeAsThatKeyAndHeldToItsTenantsBudget() throws Exception {
    writeConfig("lab");
    CommandRun created = cli("keys", "create", "--tenant", "lab", "--name", "evals");
    String key = created.out().lines().map(String::strip).filter(l -> l.startsWith("ak-")).findFirst().orElseThrow();
    String id = key.split("-")[1];

    CommandRun run = cli("eval", "run", suite.toString(), "--no-progress", "--api-key", key);

    assertThat(run.out()).contains("as key " + id + " of tenant lab");
    assertHeldToTheBudgetOf("lab", run);
    assertThat(traces()).allSatisfy(t -> assertThat(t.keyId()).isEqualTo(id));
  }

  @Test
  void aPilotWhoseLargeCallsTheBudgetAllRefusedStopsTheRunBudgetExhaustedWithoutASetupHint() throws Exception {
    writeConfig("default");
    Path piloted = EvalFixture.writeSuite(dir, "piloted.yaml", "{{category}}", "pilot_items: 2");

    CommandRun run = cli("eval", "run", piloted.toString(), "--no-progress");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(4);
    String id = EvalFixture.runId(run);
    assertThat(run.out())
        .contains("run " + id + " stopped: the gateway refused all 2 pilot item calls of variant 'large' for a budget:"
            + " 4 item calls made, 0 skipped (stored before), 0 failed, 2 refused for a budget or rate limit (not run)")
        .contains("the first refusal (variant large, item 0): request_over_budget: ")
        .contains("the gateway refused every call of variant large for the daily or monthly budget of the tenant or"
            + " key the run calls as")
        .contains("resume with --resume " + id)
        .doesNotContain("setup is likely wrong").doesNotContain("raise budget_usd");
    assertThat(traces()).as("the pilot's calls, and no more").hasSize(4);
    assertThat(cli("eval", "list").out()).contains(id).contains("budget_exhausted");
  }

  @Test
  void aKeyThatIsNotAClientKeyHereOrATenantBesideAKeyIsBadUsageBeforeAnyCall() throws Exception {
    writeConfig("lab");

    CommandRun unknown = cli("eval", "run", suite.toString(), "--no-progress", "--api-key", "ak-nope-secret");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("apprentice: --api-key: not an active client key of the data directory")
        .hasLineCount(1);

    CommandRun both = cli("eval", "run", suite.toString(), "--api-key", "ak-x-y", "--tenant", "lab");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).startsWith("apprentice: --tenant: the key's tenant is the one booked").hasLineCount(1);
    assertThat(traces()).isEmpty();
  }

  @Test
  void anExpiredKeyIsBadUsageSayingItExpiredBeforeAnyCall() throws Exception {
    writeConfig("lab");
    Instant created = Instant.parse("2020-01-01T00:00:00Z");
    Keys.Created expired;
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      expired = new Keys(store.keys(), Clock.fixed(created, ZoneOffset.UTC)).create(ApiKey.Role.CLIENT, "lab", "old",
          Set.of(), Limits.NONE, created.plus(Duration.ofHours(1)));
    }

    CommandRun run = cli("eval", "run", suite.toString(), "--no-progress", "--api-key", expired.secretKey());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("apprentice: --api-key: the key '" + expired.key().id() + "' expired at"
        + " 2020-01-01T01:00:00Z").hasLineCount(1);
    assertThat(traces()).isEmpty();
  }
}
