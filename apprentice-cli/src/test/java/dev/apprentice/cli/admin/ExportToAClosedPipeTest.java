package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code traces export | head -1}, {@code datasets export | head -1}: once standard output's reader leaves, the export
 * stops within a few pages and says so, rather than reading every call or item into a closed pipe.
 */
class ExportToAClosedPipeTest {

  @TempDir
  Path dir;

  /** A pipe whose reader leaves after the first line: every later write fails, as a write to a closed pipe does. */
  static final class PipeClosedAfterOneLine extends Writer {
    boolean closed;
    long refusedChars;

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
      if (closed) {
        refusedChars += length;
        throw new IOException("Broken pipe");
      }
      for (int i = offset; i < offset + length; i++) {
        if (chars[i] == '\n') closed = true;
      }
    }

    @Override
    public void flush() throws IOException {
      if (closed) throw new IOException("Broken pipe");
    }

    @Override
    public void close() {}
  }

  @Test
  void anExportToStandardOutputStopsSoonAfterItsReaderLeavesAndExitsOneSayingSo() {
    List<TraceRecord> traces = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      traces.add(SampleTraces.ok("t-" + i, SampleTraces.NOW.minusSeconds(i), "acme", "fast", 12, 7, 0.01));
    }
    Path data = dir.resolve("data");
    SampleTraces.store(data, traces.toArray(TraceRecord[]::new));
    PipeClosedAfterOneLine pipe = new PipeClosedAfterOneLine();
    StringWriter err = new StringWriter();

    int exit = exportInto(pipe, err, "traces", "export", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(STOPPED);
    assertThat(pipe.refusedChars).as("what was written after the reader left: a look's worth, not every call")
        .isLessThan(4L * WatchedOutput.CHECK_EVERY);
  }

  @Test
  void aDatasetExportToStandardOutputStopsSoonAfterItsReaderLeavesAndExitsOneSayingSo() throws IOException {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 6_000; i++) {
      items.append("{\"input\": \"question number ").append(i).append("\", \"expected\": \"answer\"}\n");
    }
    Path file = Files.writeString(dir.resolve("items.jsonl"), items);
    Path data = dir.resolve("data");
    assertThat(Cli.run("datasets", "import", "big", "--file", file.toString(), "--data-dir", data.toString()).exit())
        .isZero();
    PipeClosedAfterOneLine pipe = new PipeClosedAfterOneLine();
    StringWriter err = new StringWriter();

    int exit = exportInto(pipe, err, "datasets", "export", "big", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(STOPPED);
    assertThat(pipe.refusedChars).as("what was written after the reader left: a look's worth, not every item")
        .isLessThan(4L * WatchedOutput.CHECK_EVERY);
  }

  private static final String STOPPED = "apprentice: cannot write to standard output (its reader left, or its file "
      + "cannot grow): the export stopped\n";

  private static int exportInto(Writer pipe, StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(pipe, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
