package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval list}, {@code eval report} and {@code eval gate} only read runs: on a data directory with no database
 * (a mistyped {@code --data-dir}, say) they find none and create nothing, as {@code keys list} and the other admin
 * commands do.
 */
class EvalReadsWithoutCreatingTest {

  @TempDir
  Path dir;

  @Test
  void readingRunsOfADataDirectoryThatIsNotThereFindsNoneAndCreatesNothing() {
    Path data = dir.resolve("typo");
    String nothing = "nothing stored yet: no database at " + data.resolve("apprentice.db") + " (data directory "
        + data + ")";

    CommandRun list = EvalFixture.cli("eval", "list", "--data-dir", data.toString());
    CommandRun report = EvalFixture.cli("eval", "report", "ev-1", "--data-dir", data.toString());
    CommandRun gate = EvalFixture.cli("eval", "gate", "ev-1", "--data-dir", data.toString());

    assertThat(list.exit()).isZero();
    assertThat(list.out()).startsWith("no evaluation runs yet");
    assertThat(list.err()).isEqualTo("apprentice: " + nothing + "\n");
    for (CommandRun run : new CommandRun[] {report, gate}) {
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("apprentice: no evaluation run ev-1: " + nothing + "\n");
    }
    assertThat(data).doesNotExist();
  }
}
