package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The text log escapes what callers and upstreams wrote, in messages and in exceptions' messages alike. */
class TextLogFormatterTest {

  private final TextLogFormatter formatter = new TextLogFormatter();

  private static LogRecord record(String message, Object... parameters) {
    LogRecord record = new LogRecord(Level.WARNING, message);
    record.setLoggerName("dev.apprentice.test");
    record.setSourceClassName("dev.apprentice.Source");
    record.setSourceMethodName("run");
    if (parameters.length > 0) record.setParameters(parameters);
    return record;
  }

  private static boolean hidden(int c) {
    return c != '\n' && c != '\r' && c != '\t' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
        || c == 0x2028 || c == 0x2029);
  }

  @Test
  void aMessageCannotForgeALineOrReachTheTerminal() {
    String text = formatter.format(record("upstream said {0}", "no\nWARNING: forged \u001b[2J\u0085\u2028\u202eok"));

    assertThat(text).contains("upstream said no\\nWARNING: forged \\u001B[2J\\u0085\\u2028\\u202Eok");
    assertThat(text.lines().filter(line -> line.startsWith("WARNING: forged"))).isEmpty();
    assertThat(text.codePoints().filter(TextLogFormatterTest::hidden)).isEmpty();
  }

  @Test
  void anExceptionsMessageIsEscapedWhileItsStackTraceKeepsItsLines() {
    LogRecord record = record("call failed");
    IllegalStateException failure = new IllegalStateException("upstream: bad\nSEVERE: forged \u001b[31mred",
        new RuntimeException("cause\u2028line"));
    record.setThrown(failure);

    String text = formatter.format(record);

    assertThat(text).contains("java.lang.IllegalStateException: upstream: bad\\nSEVERE: forged \\u001B[31mred")
        .contains("Caused by: java.lang.RuntimeException: cause\\u2028line")
        .contains("\tat dev.apprentice.server.telemetry.TextLogFormatterTest");
    assertThat(text.lines().filter(line -> line.startsWith("SEVERE: forged"))).isEmpty();
    assertThat(text.codePoints().filter(TextLogFormatterTest::hidden)).isEmpty();
    assertThat(record.getThrown()).as("the record is left as it was").isSameAs(failure);
  }

  @Test
  void aRecordIsOneLineOfItsTimeLevelAndMessageWithoutJavaClassNames() {
    LogRecord record = record("listening on {0}", "port 8080");
    record.setInstant(java.time.Instant.parse("2026-01-05T09:00:00Z"));

    String text = formatter.format(record);

    assertThat(text).matches("2026-01-0[45] \\d\\d:00:00 WARNING: listening on port 8080" + System.lineSeparator());
  }

  @Test
  void aFormatTheUserSetIsHonoured() {
    String property = "java.util.logging.SimpleFormatter.format";
    String before = System.getProperty(property);
    System.setProperty(property, "%4$s %3$s %5$s%n");
    try {
      assertThat(new TextLogFormatter().format(record("ready"))).isEqualTo("WARNING dev.apprentice.test ready"
          + System.lineSeparator());
    } finally {
      if (before == null) System.clearProperty(property);
      else System.setProperty(property, before);
    }
  }
}
