package dev.apprentice.cli.eval;

import dev.apprentice.cli.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval run --url}: the items go to a running server over HTTP, the results stay in the local data directory. */
class EvalOverHttpTest {

  @TempDir
  Path dir;

  @Test
  void aSuiteRunsAgainstARunningServerWithItsTagsAndTheCostItReports() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    ApprenticeConfig config = ConfigLoader.load(EvalFixture.writeConfig(dir), Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(dir.resolve("server").toString());
    List<TraceRecord> traces;
    String id;
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {
      CommandRun run = EvalFixture.cli("eval", "run", suite.toString(), "--url", server.baseUrl(),
          "--data-dir", dir.resolve("local").toString(), "--no-progress");

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      id = EvalFixture.runId(run);
      assertThat(run.out()).contains("through http://127.0.0.1:").contains("+33.3 points accuracy");
    }
    try (Store store = Store.open(config.store().url())) {
      traces = store.traces().list(new TraceQuery(1000, null, null, null, null, null));
    }
    assertThat(traces).hasSize(60).allSatisfy(t -> assertThat(t.tags()).startsWith("eval", id));
    double traced = traces.stream().mapToDouble(TraceRecord::costUsd).sum();
    String json = EvalFixture.cli("eval", "report", id, "--format", "json", "--data-dir", dir.resolve("local").toString())
        .out();
    double reported = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("variants")
        .findValues("cost_usd").stream().mapToDouble(n -> n.asDouble()).sum();
    assertThat(reported).isCloseTo(traced, org.assertj.core.data.Offset.offset(1e-6)).isPositive();
    assertThat(Files.exists(dir.resolve("local").resolve("apprentice.db"))).isTrue();
  }

  @Test
  void aServerAddressWithoutTheApiPathIsCalledAtV1AsTheAdminCommandsTakeIt() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    ApprenticeConfig config = ConfigLoader.load(EvalFixture.writeConfig(dir), Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(dir.resolve("server").toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {
      String address = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());

      CommandRun run = EvalFixture.cli("eval", "run", suite.toString(), "--url", address,
          "--data-dir", dir.resolve("local").toString(), "--no-progress");

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("through " + address + "/v1").contains(" 0 failed");
    }
  }

  @Test
  void aJudgeModelTheServerDoesNotHaveStopsTheRunAfterThePilotWithTheJudgesError() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = Files.writeString(dir.resolve("judged.yaml"), Files.readString(EvalFixture.writeSuite(dir,
        "suite.yaml", "{{category}}", "pilot_items: 2")).replace("- { name: macro_f1, weight: 0 }",
        "- { name: quality, metric: llm_judge, settings: { model: gpt-judge }, weight: 0 }"));
    ApprenticeConfig config = ConfigLoader.load(EvalFixture.writeConfig(dir), Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(dir.resolve("server").toString());
    String local = dir.resolve("local").toString();
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {

      CommandRun run = EvalFixture.cli("eval", "run", suite.toString(), "--url", server.baseUrl(), "--data-dir",
          local, "--no-progress");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
      String id = EvalFixture.runId(run);
      assertThat(run.out()).contains("run " + id + " failed: every judge call of metric 'quality' failed on the 4 "
          + "pilot items it scored: 4 item calls made, 0 skipped (stored before), 4 failed")
          .contains("the first error (variant small, item 0): metric quality (llm_judge): 1 of 1 judge calls failed "
              + "(model_not_found: ")
          .contains("check the judge's model (its settings.model): that the server at --url has it")
          .contains("resume with --resume " + id).doesNotContain("HTML report");
      assertThat(EvalFixture.cli("eval", "list", "--data-dir", local).out()).contains(id).contains("failed");
      server.accounting().writer().flush();
      assertThat(server.store().traces().list(new TraceQuery(1000, null, null, null, null, null)))
          .as("the pilot's 4 item calls and their 4 judge calls, and no more").hasSize(8);
    }
  }

  @Test
  void aVariantWhoseRequestTheServerRefusesStopsThePilotWithTheServersMessageNotASetupHint() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = Files.writeString(dir.resolve("stop.yaml"), Files.readString(EvalFixture.writeSuite(dir,
        "suite.yaml", "{{category}}", "pilot_items: 2")).replace("prompt: \"{{category}}\" }",
        "prompt: \"{{category}}\", parameters: { stop: 5 } }"));
    ApprenticeConfig config = ConfigLoader.load(EvalFixture.writeConfig(dir), Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(dir.resolve("server").toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {

      CommandRun run = EvalFixture.cli("eval", "run", suite.toString(), "--url", server.baseUrl(), "--data-dir",
          dir.resolve("local").toString(), "--no-progress");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).contains("the first error (variant large, item 0): ")
          .containsPattern("the calls of variant large all failed, and the server at --url refused the request itself"
              + " \\(HTTP 400: \"[^\"]*stop[^\"]*\"\\): check the variant's parameters")
          .doesNotContain("setup is likely wrong");
    }
  }

  @Test
  void retrievalMetricsAreRefusedBeforeAnyCallSinceNoRetrievedChunkComesBackOverHttp() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = Files.writeString(dir.resolve("retrieval.yaml"), Files.readString(EvalFixture.writeSuite(dir,
        "suite.yaml", "{{category}}", "pilot_items: 0")).replace("- { name: macro_f1, weight: 0 }",
        "- { name: context_precision, weight: 0 }"));
    ApprenticeConfig config = ConfigLoader.load(EvalFixture.writeConfig(dir), Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(dir.resolve("server").toString());
    String local = dir.resolve("local").toString();
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {

      CommandRun run = EvalFixture.cli("eval", "run", suite.toString(), "--url", server.baseUrl(), "--data-dir",
          local, "--no-progress");

      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEqualTo("apprentice: metrics[1] (context_precision) scores the chunks each call "
          + "retrieved, which only a gateway in this process reports: a server does not send them back over HTTP, "
          + "and with --url this run's calls go to a server, so every item would score 0: run the suite without "
          + "--url, with the gateway in this process (on a data directory no server serves), or leave the retrieval "
          + "metrics out" + System.lineSeparator());
      server.accounting().writer().flush();
      assertThat(server.store().traces().list(new TraceQuery(10, null, null, null, null, null))).isEmpty();
      assertThat(EvalFixture.cli("eval", "list", "--data-dir", local).out()).contains("no evaluation runs yet");
    }
  }

  @Test
  void aRunWhosePilotCallsAllFailAtAWrongUrlStopsFailedWithTheFirstErrorAndResumesAtTheRightOne() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 2");
    ApprenticeConfig config = ConfigLoader.load(EvalFixture.writeConfig(dir), Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(dir.resolve("server").toString());
    String local = dir.resolve("local").toString();
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {
      String address = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());

      CommandRun wrong = EvalFixture.cli("eval", "run", suite.toString(), "--url", address + "/api", "--data-dir",
          local, "--no-progress");

      assertThat(wrong.exit()).as(wrong.out() + wrong.err()).isEqualTo(1);
      String id = EvalFixture.runId(wrong);
      assertThat(wrong.out()).contains("run " + id + " failed: all 2 pilot item calls of variant ")
          .contains("the first error (variant small, item 0): not_found: ")
          .contains("check --url").contains("resume with --resume " + id).doesNotContain("HTML report");
      assertThat(EvalFixture.cli("eval", "list", "--data-dir", local).out()).contains(id).contains("failed");

      CommandRun resumed = EvalFixture.cli("eval", "run", suite.toString(), "--url", address, "--data-dir", local,
          "--resume", id, "--no-progress");

      assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
      assertThat(resumed.out()).contains("run " + id + " completed: 60 item calls made, 0 skipped (stored before), 0 failed");
    }
  }
}
