package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.cli.CommandRun;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import dev.apprentice.store.TraceQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval run} without {@code --url} while a server serves the same data directory: the run's calls go through
 * that server, so that the tenant's budget and limits, which the server keeps in its process, hold them as they hold
 * its HTTP calls (a gateway of the run's own would keep a second budget ledger beside the server's).
 */
class EvalBesideARunningServerTest {

  private static final double BUDGET_USD = 0.10;

  @TempDir
  Path dir;

  private Path configFile;
  private Path data;

  private ApprenticeServer start(String more) throws Exception {
    configFile = EvalFixture.writeConfig(dir, more);
    data = dir.resolve("data");
    ApprenticeConfig config = ConfigLoader.load(configFile, Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(data.toString());
    return ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC());
  }

  private CommandRun eval(Path suite, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("eval", "run", suite.toString(), "--config",
        configFile.toString(), "--data-dir", data.toString(), "--no-progress"));
    args.addAll(List.of(more));
    return EvalFixture.cli(args.toArray(String[]::new));
  }

  @Test
  void aRunBesideAServerGoesThroughItAndCompletes() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    try (ApprenticeServer server = start("")) {
      assertThat(server.cache()).as("the server holds the cache").isNotNull();

      CommandRun run = eval(suite);

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      assertThat(run.err()).contains("serves the data directory " + data.toRealPath() + ": this run's calls go "
          + "through it, as with --url http://127.0.0.1:" + server.port());
      assertThat(run.out()).contains("through http://127.0.0.1:" + server.port() + "/v1")
          .contains("completed").contains("+33.3 points accuracy");
    }
  }

  @Test
  void aRunBesideAServerTakesItsKeyFromTheEnvironmentAsARunWithUrlDoes() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    try (ApprenticeServer server = start("")) {
      // a client key closes the server to calls without one
      CommandRun created = CommandRun.of("keys", "create", "--tenant", "lab", "--url", "http://127.0.0.1:"
          + server.port(), "--admin-key", "admin-key");
      String key = created.out().lines().map(String::strip).filter(l -> l.startsWith("ak-")).findFirst().orElseThrow();
      List<String> args = new java.util.ArrayList<>(List.of("eval", "run", suite.toString(), "--config",
          configFile.toString(), "--data-dir", data.toString(), "--no-progress"));

      CommandRun run = CommandRun.with(EvalRunCommand.class, new EvalRunCommand(Map.of("APPRENTICE_API_KEY", key)),
          args.toArray(String[]::new));

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("completed: 60 item calls made, 0 skipped (stored before), 0 failed");
      server.accounting().writer().flush();
      assertThat(server.store().traces().list(new TraceQuery(1000, null, null, null, null, null))).hasSize(60)
          .allSatisfy(t -> assertThat(t.keyId()).isEqualTo(key.split("-")[1]));
    }
  }

  @Test
  void aRunBesideAServerWhoseCallsAllFailSaysTheServersConfigAppliesNotItsOwnAndGivesNoUrlHint() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    try (ApprenticeServer server = start("")) {
      // a client key closes the server to calls without one: this run, given none, is refused on every call
      CommandRun.of("keys", "create", "--tenant", "lab", "--url", "http://127.0.0.1:" + server.port(),
          "--admin-key", "admin-key");

      CommandRun run = eval(suite);

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.err()).contains("its own config applies, not " + configFile);
      assertThat(run.out()).contains("check the server serving the data directory (its config, not --config, says"
          + " which models there are), the key (--api-key or $APPRENTICE_API_KEY)").doesNotContain("--url");
    }
  }

  @Test
  void theServersBudgetHoldsARunBesideItAndTheServerSeesWhatTheRunSpent() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    try (ApprenticeServer server = start("""
        tenants:
          default: { budget_usd_per_day: %s }
        limits: { reserve_output_tokens: 16 }
        """.formatted(BUDGET_USD))) {

      CommandRun run = eval(suite);

      assertThat(run.out()).as(run.err()).contains("failed");
      server.accounting().writer().flush();
      List<TraceRecord> traces = server.store().traces().list(new TraceQuery(1000, null, null, null, null, null));
      assertThat(traces).hasSize(60).anySatisfy(t -> assertThat(t.errorCode()).isEqualTo("budget_exceeded"));
      assertThat(traces.stream().mapToDouble(TraceRecord::costUsd).sum()).isLessThanOrEqualTo(BUDGET_USD);
      // the server's own budget ledger counted the run's spend: the tenant's next HTTP call is refused
      HttpResponse<String> next = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(next.statusCode()).as(next.body()).isEqualTo(429);
      assertThat(next.body()).contains("budget_exceeded");
    }
  }

  @Test
  void whatCannotGoThroughTheServerIsRefusedBeforeAnyCall() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    Path retrieval = Files.writeString(dir.resolve("retrieval.yaml"), Files.readString(suite)
        .replace("- { name: macro_f1, weight: 0 }", "- { name: context_recall, weight: 0 }"));
    try (ApprenticeServer server = start("")) {
      CommandRun tenant = eval(suite, "--tenant", "lab");
      CommandRun retrieved = eval(retrieval);

      assertThat(tenant.exit()).isEqualTo(2);
      assertThat(tenant.err()).startsWith("apprentice: --tenant: a server (pid ").contains("give --api-key with a "
          + "client key of tenant lab").hasLineCount(1);
      assertThat(retrieved.exit()).isEqualTo(2);
      assertThat(retrieved.err()).startsWith("apprentice: metrics[1] (context_recall) scores the chunks each call "
          + "retrieved").hasLineCount(1);
      server.accounting().writer().flush();
      assertThat(server.store().traces().list(new TraceQuery(10, null, null, null, null, null))).isEmpty();
    }
  }

  @Test
  void onceTheServerStoppedARunCallsTheGatewayInItsOwnProcess() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    start("").close();

    CommandRun run = eval(suite);

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.err()).doesNotContain("serves the data directory");
    assertThat(run.out()).contains("through the in-process gateway");
  }
}
