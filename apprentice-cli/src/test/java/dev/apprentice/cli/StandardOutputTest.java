package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The writer every command's standard output goes through. */
class StandardOutputTest {

  /** Standard output whose reader left: every write fails, as one to a closed pipe does. */
  static final class ClosedPipe extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      throw new IOException("Broken pipe");
    }
  }

  @Test
  void aWriteThatFailedOnStandardOutputIsSeenByTheWriterSoThatAnExportCanStop() {
    PrintWriter out = Main.standardOutput(new PrintStream(new ClosedPipe(), true), null);

    out.println("{\"id\": \"tr_1\"}");

    assertThat(out.checkError()).as("PrintStream swallows the failure: the writer must ask it").isTrue();
  }

  @Test
  void itWritesUtf8WhateverTheLocaleAndAConsoleEncodingJavaDoesNotKnowIsNoFailure() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter out = Main.standardOutput(new PrintStream(bytes, true, StandardCharsets.US_ASCII), "cp65001");

    out.println("naïve — ✓");

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("naïve — ✓" + System.lineSeparator());
  }
}
