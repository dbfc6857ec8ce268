package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** One JSON object per line, with structured fields merged in. */
class JsonLogFormatterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonLogFormatter formatter = new JsonLogFormatter();

  @Test
  void aRecordBecomesOneLineWithTheFixedFields() throws Exception {
    LogRecord record = record(Level.WARNING, "listening on {0} with {1} workers", "port 8080", "four");
    record.setInstant(Instant.parse("2026-03-01T12:00:00.5Z"));

    String line = formatter.format(record);

    assertThat(line).endsWith("\n").doesNotContain("\r").hasLineCount(1);
    JsonNode json = JSON.readTree(line);
    assertThat(json.path("ts").asText()).isEqualTo("2026-03-01T12:00:00.500Z");
    assertThat(json.path("level").asText()).isEqualTo("WARNING");
    assertThat(json.path("logger").asText()).isEqualTo("dev.apprentice.test");
    assertThat(json.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(json.path("message").asText()).isEqualTo("listening on port 8080 with four workers");
    assertThat(json.has("error")).isFalse();
  }

  @Test
  void aSingleMapParameterIsMergedAsTopLevelFieldsWithoutReplacingTheFixedOnes() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("trace_id", "tr_1");
    fields.put("latency_ms", 12.5);
    fields.put("attempts", 2);
    fields.put("level", "forged");
    fields.put("key_id", null);

    JsonNode json = JSON.readTree(formatter.format(record(Level.INFO, "call done", fields)));

    assertThat(json.path("trace_id").asText()).isEqualTo("tr_1");
    assertThat(json.path("latency_ms").asDouble()).isEqualTo(12.5);
    assertThat(json.path("attempts").asInt()).isEqualTo(2);
    assertThat(json.path("level").asText()).isEqualTo("INFO");
    assertThat(json.path("key_id").isNull()).isTrue();
    assertThat(json.path("message").asText()).isEqualTo("call done");
  }

  @Test
  void newlinesAndQuotesAreEscapedInsideTheLine() throws Exception {
    String message = "he said \"stop\"\nthen left\r\n\ttab \\ backslash";

    String line = formatter.format(record(Level.INFO, message));

    assertThat(line).hasLineCount(1).contains("\\n", "\\\"");
    assertThat(JSON.readTree(line).path("message").asText()).isEqualTo(message);
  }

  @Test
  void controlAndFormatCharactersBeyondJsonsOwnAreEscapedAndReadBackUnchanged() throws Exception {
    String sent = "esc \u001b[31m del \u007f nel \u0085 csi \u009b ls \u2028 ps \u2029 rlo \u202e zw \u200b end";
    Map<String, Object> fields = Map.of("upstream_error", sent);

    String line = formatter.format(record(Level.WARNING, sent, fields));

    assertThat(line).hasLineCount(1).contains("\\u007F", "\\u0085", "\\u009B", "\\u2028", "\\u2029", "\\u202E",
        "\\u200B");
    assertThat(line.substring(0, line.length() - 1).chars().filter(c -> c < 0x20 || c >= 0x7f && c <= 0x9f
        || c == 0x2028 || c == 0x2029 || c == 0x202e || c == 0x200b)).isEmpty();
    JsonNode json = JSON.readTree(line);
    assertThat(json.path("message").asText()).isEqualTo(sent);
    assertThat(json.path("upstream_error").asText()).isEqualTo(sent);
  }

  @Test
  void lettersOfEveryScriptAndEmojiAreWrittenAsTheyAre() throws Exception {
    String message = "Grüße 日本語 \uD83D\uDE00";

    String line = formatter.format(record(Level.INFO, message));

    assertThat(line).contains(message);
  }

  @Test
  void aThrowableBecomesAnErrorAndItsStack() throws Exception {
    LogRecord record = record(Level.SEVERE, "failed");
    record.setThrown(new IllegalStateException("broken \"pipe\""));

    String line = formatter.format(record);

    assertThat(line).hasLineCount(1);
    JsonNode json = JSON.readTree(line);
    assertThat(json.path("error").asText()).isEqualTo("java.lang.IllegalStateException: broken \"pipe\"");
    assertThat(json.path("stack").asText())
        .startsWith("java.lang.IllegalStateException: broken \"pipe\"")
        .contains("at dev.apprentice.server.telemetry.JsonLogFormatterTest");
  }

  @Test
  void aFieldJacksonCannotWriteIsWrittenAsTextInstead() throws Exception {
    Map<String, Object> fields = Map.of("odd", new Unwritable());

    String line = formatter.format(record(Level.INFO, "odd value", fields));

    assertThat(JSON.readTree(line).path("odd").asText()).isEqualTo("unwritable");
  }

  @Test
  void aRecordThatCannotBeFormattedStillGivesAJsonLine() throws Exception {
    Map<String, Object> fields = Map.of("worse", new Unprintable());

    String line = formatter.format(record(Level.INFO, "worse value", fields));

    assertThat(JSON.readTree(line).path("message").asText()).isEqualTo("worse value");
  }

  private static LogRecord record(Level level, String message, Object... parameters) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName("dev.apprentice.test");
    if (parameters.length > 0) record.setParameters(parameters);
    return record;
  }

  /** A bean whose getter fails: Jackson cannot serialize it. */
  static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("no value");
    }

    @Override
    public String toString() {
      return "unwritable";
    }
  }

  /** Fails both as JSON and as text. */
  static final class Unprintable {
    public String getValue() {
      throw new IllegalStateException("no value");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("no text");
    }
  }
}
