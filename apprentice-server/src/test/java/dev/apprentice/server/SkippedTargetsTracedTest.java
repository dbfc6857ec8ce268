package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A call that a later target answered says in its stored trace why the earlier ones were passed over (an open circuit,
 * a request their provider cannot translate), while its attempts, and {@code x-apprentice-attempts}, stay the
 * requests that went upstream.
 */
class SkippedTargetsTracedTest {

  private static final String ADMIN_KEY = "admin-key-skipped-targets";
  private static final String ERROR = "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}";
  private static final String EMBEDDINGS = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"e-two","usage":{"prompt_tokens":8,"total_tokens":8}}""";

  private final FakeUpstream claude = new FakeUpstream();
  private final FakeUpstream troubled = new FakeUpstream();
  private final FakeUpstream backup = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test }
        troubled: { type: openai, base_url: "%s", api_key: sk-1 }
        backup: { type: openai, base_url: "%s", api_key: sk-2 }
      circuit_breaker: { minimum_calls: 2, failure_rate_percent: 50, open_ms: 60000 }
      models:
        mixed:
          targets: [ { provider: claude, model: claude-sonnet-4-5 }, { provider: backup, model: gpt-4o } ]
        guarded:
          targets: [ { provider: troubled, model: gpt-4o }, { provider: backup, model: gpt-4o } ]
          retries: 0
        embed:
          targets: [ { provider: troubled, model: e-one }, { provider: backup, model: e-two } ]
          retries: 0
      """.formatted(claude.rootUrl(), troubled.baseUrl(), backup.baseUrl()), ADMIN_KEY, Clock.systemUTC())
      .closing(claude, troubled, backup);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  private HttpResponse<String> chat(String model, String extra) {
    return http.post("/v1/chat/completions", null,
        "{\"model\":\"" + model + "\"" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private HttpResponse<String> embed() {
    return http.post("/v1/embeddings", null, "{\"model\":\"embed\",\"input\":\"where is my card\"}");
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    return admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  @Test
  void aFallbackPastAnOpenCircuitNamesTheSkippedTargetInTheStoredTrace() {
    troubled.json(500, ERROR).json(500, ERROR);
    for (int i = 0; i < 3; i++) backup.json(200, UpstreamAnswers.completion("from the backup"));
    chat("guarded", "");
    chat("guarded", ""); // two failures of two calls: troubled/gpt-4o's circuit opens

    HttpResponse<String> response = chat("guarded", "");

    JsonNode skipped = onlySkipped(response);
    assertThat(skipped.path("provider").asText()).isEqualTo("troubled");
    assertThat(skipped.path("upstream_model").asText()).isEqualTo("gpt-4o");
    assertThat(skipped.path("reason").asText()).isEqualTo("circuit_open");
    assertThat(skipped.hasNonNull("message")).isFalse();
    assertThat(troubled.requestCount()).isEqualTo(2);
  }

  @Test
  void aFallbackPastATargetThatCannotServeTheRequestNamesItAndItsRefusalInTheStoredTrace() {
    backup.json(200, UpstreamAnswers.completion("blue"));

    HttpResponse<String> response = chat("mixed", ",\"n\":2");

    JsonNode skipped = onlySkipped(response);
    assertThat(skipped.path("provider").asText()).isEqualTo("claude");
    assertThat(skipped.path("upstream_model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(skipped.path("reason").asText()).isEqualTo("unsupported");
    assertThat(skipped.path("message").asText()).contains("n");
    assertThat(claude.requestCount()).isZero();
  }

  @Test
  void anEmbeddingsFallbackPastAnOpenCircuitNamesTheSkippedTargetInTheStoredTrace() {
    troubled.json(500, ERROR).json(500, ERROR);
    for (int i = 0; i < 3; i++) backup.json(200, EMBEDDINGS);
    embed();
    embed();

    HttpResponse<String> response = embed();

    JsonNode skipped = onlySkipped(response);
    assertThat(skipped.path("upstream_model").asText()).isEqualTo("e-one");
    assertThat(skipped.path("reason").asText()).isEqualTo("circuit_open");
  }

  /**
   * The one target a call answered by its second target passed over, from its stored trace; the call made one
   * request upstream and says so in {@code x-apprentice-attempts}.
   */
  private JsonNode onlySkipped(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("1");
    JsonNode trace = traceOf(response);
    assertThat(trace.path("attempts")).hasSize(1);
    assertThat(trace.path("skipped")).hasSize(1);
    return trace.path("skipped").get(0);
  }

  @Test
  void aCallThatPassedNoTargetOverHasNoSkippedList() {
    troubled.json(200, UpstreamAnswers.completion("blue"));

    JsonNode trace = traceOf(chat("guarded", ""));

    assertThat(trace.has("skipped")).isFalse();
  }
}
