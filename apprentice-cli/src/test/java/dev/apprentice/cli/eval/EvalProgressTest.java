package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval run}'s progress outside a terminal (a pipe, a CI log): a line at every tenth of the run, on standard
 * error, so that standard output holds only what a script reads (the run id, the estimate, the summary).
 */
class EvalProgressTest {

  @TempDir
  Path dir;

  private CommandRun run(String... more) throws Exception {
    EvalFixture.writeItems(dir);
    Path config = EvalFixture.writeConfig(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    String[] args = {"eval", "run", suite.toString(), "--config", config.toString(), "--data-dir",
        dir.resolve("data").toString()};
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return EvalFixture.cli(all);
  }

  @Test
  void progressLinesOfARunOutsideATerminalGoToStandardErrorNotToItsOutput() throws Exception {
    CommandRun run = run();

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.err()).contains("6/60 item calls done (0 failed)").contains("60/60 item calls done (0 failed)");
    assertThat(run.out()).doesNotContain("item calls done").contains("run " + EvalFixture.runId(run) + ": 60 item calls")
        .contains("completed: 60 item calls made");
  }

  @Test
  void noProgressLeavesTheProgressLinesOut() throws Exception {
    CommandRun run = run("--no-progress");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out() + run.err()).doesNotContain("item calls done");
  }
}
