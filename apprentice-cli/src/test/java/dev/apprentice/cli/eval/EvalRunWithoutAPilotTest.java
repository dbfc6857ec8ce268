package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval run} alone in a CI job, with {@code pilot_items: 0}: a variant whose every call failed ends the run
 * {@code failed}, exit 1, with its first error, as a failed pilot does, so that the job does not pass having measured
 * nothing, and so does an LLM judge whose every call failed; fixed, the run resumes and completes.
 */
class EvalRunWithoutAPilotTest {

  @TempDir
  Path dir;

  private Path suite;
  private Path data;

  @BeforeEach
  void writeFiles() throws Exception {
    EvalFixture.writeItems(dir);
    suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    data = dir.resolve("data");
  }

  /** The fixture's models, sim-large's every call answered 500 by its simulator when {@code broken}. */
  private Path config(boolean broken) throws Exception {
    return config(broken, false);
  }

  /**
   * The fixture's models and a judge model, sim-judge; sim-large's every call answered 500 by its simulator when
   * {@code broken}, and sim-judge's when {@code brokenJudge}.
   */
  private Path config(boolean broken, boolean brokenJudge) throws Exception {
    return Files.writeString(dir.resolve("apprentice.yaml"), """
        providers:
          sim: { type: simulator }
          broken: { type: simulator, faults: { server_error: %s } }
        models:
          sim-small:
            targets: [ { provider: sim, model: sim-echo } ]
            price: { input_per_mtok: 1000, output_per_mtok: 2000 }
          sim-large:
            targets: [ { provider: %s, model: sim-echo } ]
            price: { input_per_mtok: 4000, output_per_mtok: 8000 }
            retries: 0
          sim-judge:
            targets: [ { provider: %s, model: sim-echo } ]
            retries: 0
        """.formatted(broken || brokenJudge ? "1" : "0", broken ? "broken" : "sim", brokenJudge ? "broken" : "sim"));
  }

  private CommandRun eval(Path config, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "eval";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = config.toString();
    all[args.length + 3] = "--data-dir";
    all[args.length + 4] = data.toString();
    return EvalFixture.cli(all);
  }

  @Test
  void aVariantWhoseEveryCallFailedEndsTheRunFailedWithItsFirstErrorAndTheResumeCompletesIt() throws Exception {
    Path broken = config(true);

    CommandRun failed = eval(broken, "run", suite.toString(), "--no-progress");

    assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
    String id = EvalFixture.runId(failed);
    assertThat(failed.out())
        .contains("run " + id + " failed: all 30 item calls of variant 'large' failed: 60 item calls made, 0 skipped"
            + " (stored before), 30 failed")
        .contains("the first error (variant large, item 0): ")
        .contains("the calls of variant large all failed, so the setup is likely wrong: check the config's providers")
        .contains("resume with --resume " + id).doesNotContain("HTML report");
    assertThat(eval(broken, "list").out()).contains(id).contains("failed");
    CommandRun gate = eval(broken, "gate", id);
    assertThat(gate.exit()).isEqualTo(1);
    assertThat(gate.out()).contains("run " + id + " is failed, not completed");

    CommandRun resumed = eval(config(false), "run", suite.toString(), "--resume", id, "--no-progress");

    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("run " + id + " completed: 30 item calls made, 30 skipped (stored before), 0 failed");
  }

  @Test
  void aJudgeWhoseEveryCallFailedEndsTheRunFailedWithItsFirstErrorAndTheResumeScoresEveryItemAgain() throws Exception {
    Path judged = Files.writeString(dir.resolve("judged.yaml"), Files.readString(suite).replace(
        "- { name: macro_f1, weight: 0 }",
        "- { name: quality, metric: llm_judge, settings: { model: sim-judge }, weight: 0 }"));
    Path noJudge = config(false, true);

    CommandRun failed = eval(noJudge, "run", judged.toString(), "--no-progress");

    assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
    String id = EvalFixture.runId(failed);
    assertThat(failed.out())
        .contains("run " + id + " failed: every judge call of metric 'quality' failed on the 60 items it scored: 60"
            + " item calls made, 0 skipped (stored before), 60 failed")
        .contains("the first error (variant small, item 0): metric quality (llm_judge): 1 of 1 judge calls failed (")
        .contains("every judge call of metric quality failed, so the setup is likely wrong: check the judge's model")
        .contains("resume with --resume " + id).doesNotContain("HTML report");
    assertThat(eval(noJudge, "list").out()).contains(id).contains("failed");

    CommandRun resumed = eval(config(false, false), "run", judged.toString(), "--resume", id, "--no-progress");

    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("run " + id + " completed: 60 item calls made, 0 skipped (stored before), 0 failed");
  }
}
