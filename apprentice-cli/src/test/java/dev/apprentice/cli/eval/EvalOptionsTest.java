package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options of the eval commands that mean nothing in the way they were given are refused, before anything runs. */
class EvalOptionsTest {

  @TempDir
  Path dir;

  private Path config;
  private Path data;

  @BeforeEach
  void writeFiles() throws Exception {
    EvalFixture.writeItems(dir);
    config = EvalFixture.writeConfig(dir);
    data = dir.resolve("data");
  }

  private CommandRun eval(String... args) {
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
  void aListLimitBelowOneIsRefusedRatherThanSayingThereAreNoRuns() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    String id = EvalFixture.runId(eval("run", suite.toString(), "--no-progress"));

    for (String limit : new String[] {"0", "-1"}) {
      CommandRun list = eval("list", "--limit", limit);
      assertThat(list.exit()).as(limit).isEqualTo(2);
      assertThat(list.out()).isEmpty();
      assertThat(list.err()).startsWith("apprentice: --limit: must be 1 or more; got " + limit).hasLineCount(1);
    }
    assertThat(eval("list", "--limit", "1").out()).contains(id);
  }

  @Test
  void forceWithoutResumeIsRefusedBeforeAnyCall() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "");

    CommandRun forced = eval("run", suite.toString(), "--force", "--no-progress");

    assertThat(forced.exit()).isEqualTo(2);
    assertThat(forced.out()).isEmpty();
    assertThat(forced.err()).startsWith("apprentice: --force: only with --resume RUN_ID").hasLineCount(1);
    assertThat(eval("list").out()).contains("no evaluation runs yet");
  }

  @Test
  void aSampleOfMoreItemsThanTheDatasetHasIsBadInput() throws Exception {
    Path suite = Files.writeString(dir.resolve("sample.yaml"), Files.readString(
        EvalFixture.writeSuite(dir, "base.yaml", "{{category}}", "")).replace("  path: items.csv\n",
        "  path: items.csv\n  sample: 50\n"));

    CommandRun run = eval("run", suite.toString(), "--no-progress");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("dataset.sample: 50 is more than the 30 items of ").hasLineCount(1);
  }
}
