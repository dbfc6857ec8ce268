package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.cli.CommandRun;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data flywheel after an evaluation: {@code datasets from-traces} on the data directory an eval run wrote its 60
 * calls to takes the production call beside them, not the model's answers to the evaluation.
 */
class FlywheelLeavesEvalCallsOutTest {

  @TempDir
  Path dir;

  private Path data;

  @BeforeEach
  void evaluateBesideAProductionCall() throws Exception {
    EvalFixture.writeItems(dir);
    Path config = EvalFixture.writeConfig(dir);
    data = dir.resolve("data");
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "");
    CommandRun run = EvalFixture.cli("eval", "run", suite.toString(), "--no-progress", "--config", config.toString(),
        "--data-dir", data.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    String request = "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"where is my refund?\"}]}";
    String response = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"refund\"}}]}";
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      store.traces().append(List.of(new TraceRecord("production-1", Instant.now(), "acme", null, "sim-small",
          "simulator", "sim-echo", "sim-echo", null, false, 200, null, null, new Tokens(4, 2, 0, 0, 0), false, 0, 5,
          null, 1, "miss", null, List.of("support"), Map.of(), request, response, List.of(), TraceDetails.NONE)));
    }
  }

  private CommandRun datasets(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "datasets";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = data.toString();
    return EvalFixture.cli(all);
  }

  @Test
  void aDatasetFromTracesLeavesOutTheCallsAnEvaluationMadeAndSaysSo() {
    CommandRun made = datasets("from-traces", "flywheel", "--model", "sim-small");

    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out()).startsWith("made flywheel@1 with 1 item from 1 matching call\n").endsWith("\nleft out calls"
        + " tagged eval (eval: an evaluation's own calls; --include-eval-calls takes them)\n");
    assertThat(datasets("export", "flywheel").out()).contains("\"trace_id\":\"production-1\"").doesNotContain("\"eval\"");
    assertThat(datasets("list").out()).contains("traces model=sim-small exclude_tag=eval");
  }

  @Test
  void tracesListAndExportOnTheDataDirectoryLeaveOutTheTagsTheyAreTold() {
    CommandRun listed = EvalFixture.cli("traces", "list", "--exclude-tag", "eval", "--json", "--data-dir",
        data.toString());
    CommandRun exported = EvalFixture.cli("traces", "export", "--exclude-tag", "eval", "--exclude-tag", "support",
        "--data-dir", data.toString());

    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("\"id\" : \"production-1\"").doesNotContain("\"eval\"");
    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.out()).isEmpty();
  }

  @Test
  void includeEvalCallsTakesThemAndTheVersionSaysItDid() {
    CommandRun made = datasets("from-traces", "flywheel", "--model", "sim-small", "--include-eval-calls");

    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out()).startsWith("made flywheel@1 with 31 items from 31 matching calls\n")
        .doesNotContain("left out");
    assertThat(datasets("list").out()).contains("traces model=sim-small include_eval_calls=true");
  }

  @Test
  void askingForTheEvaluationsTagWithoutIncludeEvalCallsIsABadUsageBeforeAnythingIsRead() {
    CommandRun tagged = datasets("from-traces", "flywheel", "--tag", "eval");
    CommandRun both = datasets("from-traces", "flywheel", "--include-eval-calls", "--exclude-tag", "eval");
    CommandRun contradiction = datasets("from-traces", "flywheel", "--tag", "support", "--exclude-tag", "support");

    assertThat(tagged.exit()).isEqualTo(2);
    assertThat(tagged.err()).isEqualTo("apprentice: --tag 'eval' picks the evaluation's own calls, which a dataset from"
        + " traces leaves out unless asked for with --include-eval-calls\n");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).startsWith("apprentice: --include-eval-calls takes the calls tagged 'eval' that --exclude-tag"
        + " leaves out");
    assertThat(contradiction.exit()).isEqualTo(2);
    assertThat(contradiction.err()).contains("the tag 'support' is both --tag and in --exclude-tag");
    assertThat(datasets("list").out()).doesNotContain("flywheel");
  }
}
