package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTracesCommandTest {

  @TempDir Path dir;

  @Test
  void everyTraceOfferedIsStoredWhicheverIdFormatIsChosen() throws Exception {
    for (String ids : new String[] {"gateway", "random", "sequential"}) {
      CommandRun run = CommandRun.of("bench", "traces", "--rows", "300", "--threads", "3", "--ids", ids,
          "--dir", dir.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("traces written: 300, dropped (queue full): 0").contains("stored: 300;");
    }
    try (var left = Files.list(dir)) {
      assertThat(left).as("the store files are removed after the run").isEmpty();
    }
  }

  @Test
  void theDatabaseSizeCountsTheWriteAheadLogWhereTheRowsStillAre() throws Exception {
    CommandRun run = CommandRun.of("bench", "traces", "--rows", "2000", "--threads", "1", "--dir", dir.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    String size = run.out().lines().filter(l -> l.startsWith("stored: 2000; database ")).findFirst().orElseThrow();
    assertThat(size).as("2,000 traces are not 0.0 MB").doesNotContain("database 0.0 MB").endsWith("(with its write-ahead log)");
  }

  @Test
  void anUnknownIdFormatIsRefusedBeforeAnythingIsWritten() {
    CommandRun run = CommandRun.of("bench", "traces", "--ids", "uuid", "--dir", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--ids").contains("uuid").contains("gateway, random, sequential");
  }

  @Test
  void zeroRowsOrThreadsAreBadUsageNamingTheOption() {
    CommandRun noThreads = CommandRun.of("bench", "traces", "--threads", "0", "--dir", dir.toString());
    CommandRun noRows = CommandRun.of("bench", "traces", "--rows", "0", "--dir", dir.toString());

    assertThat(noThreads.exit()).isEqualTo(2);
    assertThat(noThreads.err()).contains("--threads must be between 1 and --rows");
    assertThat(noRows.exit()).isEqualTo(2);
    assertThat(noRows.err()).contains("--rows must be at least 1");
  }
}
