package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.trace.TraceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One INFO record per call on {@code apprentice.access}, with the call's fields as a map parameter. */
class AccessLogTest {

  private final Logger logger = Logger.getLogger(AccessLog.LOGGER_NAME);
  private final Captured captured = new Captured();

  @BeforeEach
  void capture() {
    logger.setUseParentHandlers(false);
    logger.addHandler(captured);
  }

  @AfterEach
  void release() {
    logger.removeHandler(captured);
    logger.setUseParentHandlers(true);
    logger.setLevel(null);
  }

  @Test
  void aServedCallIsOneInfoRecordWithItsFields() {
    new AccessLog().accept(SampleTraces.servedAfterRetry());

    assertThat(captured.records).hasSize(1);
    LogRecord record = captured.records.getFirst();
    assertThat(record.getLevel()).isEqualTo(Level.INFO);
    assertThat(record.getLoggerName()).isEqualTo("apprentice.access");
    assertThat(record.getParameters()).hasSize(1);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("trace_id", "tr_0123456789abcdef01234567");
    expected.put("model", "fast");
    expected.put("tenant", "acme");
    expected.put("key_id", "key_1");
    expected.put("status", 200);
    expected.put("stream", true);
    expected.put("api", "chat_completions");
    expected.put("latency_ms", 1000.0);
    expected.put("overhead_ms", 2.3);
    expected.put("ttft_ms", 350.5);
    expected.put("input_tokens", 120);
    expected.put("output_tokens", 56);
    expected.put("cost_usd", 0.000052);
    expected.put("served_by", "openai/gpt-4o-mini");
    expected.put("attempts", 2);
    expected.put("cache", "miss");
    assertThat(fields(record)).containsExactlyEntriesOf(expected);
    assertThat(record.getMessage()).isEqualTo(
        "tr_0123456789abcdef01234567 200 fast -> openai/gpt-4o-mini 1000.0ms ttft=350.5ms in=120 out=56 $0.000052"
            + " tenant=acme key=key_1 attempts=2");
  }

  @Test
  void aCallThroughTheResponsesApiSaysSoInItsLineAndItsFields() {
    new AccessLog().accept(SampleTraces.servedThroughResponses());
    new AccessLog().accept(SampleTraces.embedded());

    assertThat(fields(captured.records.getFirst())).containsEntry("api", "responses");
    assertThat(captured.records.getFirst().getMessage()).endsWith(" api=responses");
    assertThat(fields(captured.records.get(1))).containsEntry("api", "embeddings");
    assertThat(captured.records.get(1).getMessage()).endsWith(" api=embeddings");
  }

  @Test
  void aFailedCallCarriesItsErrorCodeAndLeavesOutWhatItLacks() {
    new AccessLog().accept(SampleTraces.refusedBeforeAnyProvider());

    assertThat(fields(captured.records.getFirst())).containsEntry("status", 404).containsEntry("error_code", "model_not_found")
        .doesNotContainKeys("key_id", "ttft_ms", "served_by", "cache");
    assertThat(captured.records.getFirst().getMessage())
        .startsWith("tr_000000000000000000000001 404 model_not_found no-such-model 0.4ms");
  }

  @Test
  void aModelNameWithNewlinesCannotForgeATextLine() {
    TraceRecord refused = SampleTraces.refusedBeforeAnyProvider();
    TraceRecord forged = new TraceRecord(refused.id(), refused.startedAt(), refused.tenant(), null,
        "x\nFAKE 200", null, null, null, null, false, 404, "model_not_found", "unknown", refused.tokens(), false, 0,
        1, null, 1, null, null, null, null, null, null, null);

    new AccessLog().accept(forged);

    assertThat(captured.records.getFirst().getMessage()).doesNotContain("\n").contains("x\\nFAKE 200");
  }

  @Test
  void everyControlAndFormatCharacterOfACallersModelNameIsEscapedInTheTextLineAndTheJsonLine() throws Exception {
    String model = "x\u001b[2J\u001b]0;owned\u0007\u0085NEL\u2028LS\u2029PS\u202eRLO\u009bCSI\u007f\rEND";
    TraceRecord refused = SampleTraces.refusedBeforeAnyProvider();
    TraceRecord forged = new TraceRecord(refused.id(), refused.startedAt(), refused.tenant(), null, model, null, null,
        null, null, false, 404, "model_not_found", "unknown", refused.tokens(), false, 0, 1, null, 1, null, null, null,
        null, null, null, null);

    new AccessLog().accept(forged);

    String text = captured.records.getFirst().getMessage();
    assertThat(text).contains("x\\u001B[2J\\u001B]0;owned\\u0007\\u0085NEL\\u2028LS\\u2029PS\\u202ERLO"
        + "\\u009BCSI\\u007F\\rEND");
    assertThat(text.codePoints().filter(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
        || c == 0x2028 || c == 0x2029)).isEmpty();
    String line = new JsonLogFormatter().format(captured.records.getFirst());
    assertThat(line.substring(0, line.length() - 1).codePoints().filter(c -> c < 0x20 || c >= 0x7f && c <= 0x9f
        || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029)).isEmpty();
    assertThat(new ObjectMapper().readTree(line).path("model").asText()).isEqualTo(model);
  }

  @Test
  void theJsonFormatterWritesTheFieldsAsJson() throws Exception {
    new AccessLog().accept(SampleTraces.failed());

    JsonNode json = new ObjectMapper().readTree(new JsonLogFormatter().format(captured.records.getFirst()));
    assertThat(json.path("logger").asText()).isEqualTo("apprentice.access");
    assertThat(json.path("trace_id").asText()).isEqualTo("tr_fedcba9876543210fedcba98");
    assertThat(json.path("status").asInt()).isEqualTo(502);
    assertThat(json.path("error_code").asText()).isEqualTo("upstream_error");
    assertThat(json.path("served_by").asText()).isEqualTo("anthropic/claude-haiku");
    assertThat(json.path("message").asText()).startsWith("tr_fedcba9876543210fedcba98 502 upstream_error fast");
  }

  @Test
  void aSilencedAccessLogWritesNothing() {
    logger.setLevel(Level.OFF);

    new AccessLog().accept(SampleTraces.servedAfterRetry());

    assertThat(captured.records).isEmpty();
  }

  @Test
  void aFailingHandlerNeverReachesTheCaller() {
    Handler broken = new Captured() {
      @Override
      public void publish(LogRecord record) {
        throw new IllegalStateException("disk full");
      }
    };
    logger.addHandler(broken);
    try {
      assertThatCode(() -> new AccessLog().accept(SampleTraces.servedAfterRetry())).doesNotThrowAnyException();
    } finally {
      logger.removeHandler(broken);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fields(LogRecord record) {
    return (Map<String, Object>) record.getParameters()[0];
  }

  /** Keeps what it is given. */
  static class Captured extends Handler {
    final List<LogRecord> records = new ArrayList<>();

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
