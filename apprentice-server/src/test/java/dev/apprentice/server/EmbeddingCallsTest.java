package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} is governed like a chat call: traced with its tokens, cost and attempts
 * ({@code operation: embeddings}), counted against the key's and tenant's RPM and budget, refusals traced too.
 */
class EmbeddingCallsTest {

  private static final String ADMIN_KEY = "admin-key-for-embedding-tests";
  /** $1,000 per million input tokens, so that 8 tokens cost $0.008. */
  private static final String EMBEDDINGS = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""";
  private static final String CALL = "{\"model\":\"embed\",\"input\":\"where is my card\"}";

  private final FakeUpstream upstream = new FakeUpstream();
  /** Started before each test; restarted with a guard by some. */
  private RunningGateway gateway;
  private KeyedHttp http;
  private AdminClient admin;

  @BeforeEach
  void start() {
    startOn(priced(), Clock.systemUTC());
  }

  private String priced() {
    return """
        providers:
          up: { type: openai, base_url: "%s", api_key: sk-upstream }
        models:
          embed:
            targets: [ { provider: up, model: text-embedding-3-small } ]
            retries: 0
            price: { input_per_mtok: 1000, output_per_mtok: 0 }
        """.formatted(upstream.baseUrl());
  }

  /** The upstream outlives every server started on it, and is closed after the last. */
  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
  }

  private void startOn(String yaml, Clock clock) {
    gateway = Gateways.running(yaml, ADMIN_KEY, clock);
    http = gateway.http();
    admin = gateway.admin();
  }

  @Test
  void anEmbeddingCallIsTracedWithItsTokensCostTagsAndOperation() {
    upstream.json(200, EMBEDDINGS);
    String key = admin.newKey("{\"tenant\":\"acme\"}");

    HttpResponse<String> answered = http.post("/v1/embeddings", key, CALL, "x-apprentice-tags", "search");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    JsonNode trace = admin.trace(answered.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("operation").asText()).isEqualTo("embeddings");
    assertThat(trace.path("model").asText()).isEqualTo("embed");
    assertThat(trace.path("tenant").asText()).isEqualTo("acme");
    assertThat(trace.path("provider").asText()).isEqualTo("up");
    assertThat(trace.path("upstream_model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(trace.path("input_tokens").asInt()).isEqualTo(8);
    assertThat(trace.path("cost_usd").asDouble()).isCloseTo(0.008, within(1e-12));
    assertThat(trace.path("tags")).extracting(JsonNode::asText).containsExactly("search");
    assertThat(trace.path("attempts")).hasSize(1);
    assertThat(trace.path("request").path("input").asText()).isEqualTo("where is my card");
    assertThat(trace.path("response").isMissingNode() || trace.path("response").isNull())
        .as("vectors are never kept").isTrue();
    assertThat(admin.traces("operation=embeddings")).extracting(t -> t.path("id").asText())
        .containsExactly(trace.path("id").asText());
    assertThat(admin.traces("operation=chat")).isEmpty();
  }

  @Test
  void aKeyWhoseBudgetIsSpentIsRefusedEmbeddingsAndTheRefusalIsTraced() {
    upstream.json(200, EMBEDDINGS);
    String key = admin.newKey("{\"tenant\":\"acme\",\"budget_usd_per_day\":0.01}");
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).isEqualTo(200);

    HttpResponse<String> refused = http.post("/v1/embeddings", key, CALL);

    assertError(refused, 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
    JsonNode trace = admin.trace(refused.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(429);
    assertThat(trace.path("operation").asText()).isEqualTo("embeddings");
    assertThat(upstream.requestCount()).as("the refused call never reached the upstream").isEqualTo(1);
  }

  @Test
  void aKeysRequestsPerMinuteCountEmbeddingCalls() {
    upstream.json(200, EMBEDDINGS);
    String key = admin.newKey("{\"tenant\":\"acme\",\"rpm\":1}");
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).isEqualTo(200);

    assertError(http.post("/v1/embeddings", key, CALL), 429, "rate_limit_error", "rate_limit_exceeded", null);
  }

  @Test
  void aKeyOverItsRpmWhoseBudgetIsSpentIsToldToWaitForTheBudgetNotTheMinute() {
    gateway.close();
    startOn(priced(), Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));
    upstream.json(200, EMBEDDINGS);
    String key = admin.newKey("{\"tenant\":\"acme\",\"rpm\":1,\"budget_usd_per_day\":0.01}");
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).isEqualTo(200);

    HttpResponse<String> refused = http.post("/v1/embeddings", key, CALL);

    assertError(refused, 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(refused.headers().firstValue("retry-after")).as("to midnight, not to the minute's end")
        .hasValue(String.valueOf(12 * 3600));
  }

  @Test
  void theModelsInputGuardRedactsPersonalDataBeforeTheUpstreamEmbedsIt() {
    restartWithGuard();
    upstream.json(200, EMBEDDINGS);

    HttpResponse<String> answered = http.post("/v1/embeddings", null,
        "{\"model\":\"embed\",\"input\":[\"write to jane.doe@example.com about the refund\"]}");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    String sent = upstream.takeRequest().body();
    assertThat(sent).doesNotContain("jane.doe@example.com").contains("<EMAIL_1>");
    JsonNode trace = admin.trace(answered.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("request").toString()).doesNotContain("jane.doe@example.com");
    assertThat(trace.path("guard").toString()).contains("pii").contains("redact");
  }

  @Test
  void theUserOfAnEmbeddingCallIsRedactedLikeItsInputs() {
    restartWithGuard();
    upstream.json(200, EMBEDDINGS);

    HttpResponse<String> answered = http.post("/v1/embeddings", null,
        "{\"model\":\"embed\",\"user\":\"jane.doe@example.com\",\"input\":[\"the refund\"]}");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(upstream.takeRequest().body()).doesNotContain("jane.doe@example.com").contains("<EMAIL_1>");
    JsonNode trace = admin.trace(answered.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.toString()).doesNotContain("jane.doe@example.com");
  }

  @Test
  void aSecretInAnEmbeddingInputIsBlockedBeforeAnyModelSeesIt() {
    restartWithGuard();
    String awsKey = "AKIA" + "Q3EGRL5BXN2KFOHM";

    HttpResponse<String> blocked = http.post("/v1/embeddings", null,
        "{\"model\":\"embed\",\"input\":\"the key is " + awsKey + "\"}");

    assertError(blocked, 422, "invalid_request_error", "content_blocked", null);
    assertThat(upstream.requestCount()).isZero();
    assertThat(blocked.headers().firstValue("x-apprentice-attempts")).hasValue("0");
    JsonNode trace = admin.trace(blocked.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(422);
    assertThat(trace.path("guard").toString()).contains("secrets").contains("block");
    assertThat(trace.path("request").toString()).as("the refused input is kept with placeholders")
        .doesNotContain(awsKey).contains("<SECRET_1>");
  }

  @Test
  void aCallTheGuardBlocksCountsAgainstTheKeysRpmAndAKeyOverItIsRefusedBeforeTheGuardReadsItsInputs() {
    restartWithGuard();
    String key = admin.newKey("{\"tenant\":\"acme\",\"rpm\":1}");
    String secret = "{\"model\":\"embed\",\"input\":\"the key is AKIA" + "Q3EGRL5BXN2KFOHM\"}";
    assertError(http.post("/v1/embeddings", key, secret), 422, "invalid_request_error", "content_blocked", null);

    HttpResponse<String> refused = http.post("/v1/embeddings", key, secret);

    assertError(refused, 429, "rate_limit_error", "rate_limit_exceeded", null);
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
    JsonNode trace = admin.trace(refused.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(429);
    assertThat(trace.path("guard").isMissingNode() || trace.path("guard").isEmpty())
        .as("refused before the guard read it").isTrue();
    assertThat(trace.toString()).as("nothing the guard did not read is kept").doesNotContain("AKIA");
    assertThat(upstream.requestCount()).isZero();
  }

  private void restartWithGuard() {
    gateway.close();
    startOn("""
        providers:
          up: { type: openai, base_url: "%s", api_key: sk-upstream }
        models:
          embed:
            targets: [ { provider: up, model: text-embedding-3-small } ]
            guard: { input: { pii: redact, secrets: block } }
        """.formatted(upstream.baseUrl()), Clock.systemUTC());
  }

  @Test
  void anUnknownModelIsRefusedAndTracedWithTheNameAskedFor() {
    HttpResponse<String> refused = http.post("/v1/embeddings", null, "{\"model\":\"nope\",\"input\":\"x\"}");

    assertError(refused, 404, "invalid_request_error", "model_not_found", "model");
    JsonNode trace = admin.trace(refused.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("model").asText()).isEqualTo("nope");
    assertThat(trace.path("operation").asText()).isEqualTo("embeddings");
  }

  @Test
  void aMadeUpModelIsCountedByStatusAloneAndTracedUnderItsFirst200Characters() {
    String madeUp = "made-up-" + "x".repeat(300);

    HttpResponse<String> refused = http.post("/v1/embeddings", null, "{\"model\":\"" + madeUp + "\",\"input\":\"x\"}");

    assertError(refused, 404, "invalid_request_error", "model_not_found", "model");
    String metrics = http.get("/metrics", null).body();
    assertThat(metrics).as("a client's made-up model name is no label").doesNotContain("made-up-");
    assertThat(metrics).containsPattern("apprentice_requests_total\\{[^}]*model=\"none\"[^}]*status=\"404\"[^}]*} 1\\.0");
    JsonNode trace = admin.trace(refused.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("model").asText()).isEqualTo(madeUp.substring(0, 200));
    assertThat(trace.path("operation").asText()).isEqualTo("embeddings");
  }

  @Test
  void anUpstreamFailureIsTracedWithItsAttemptAndCostsNothing() {
    upstream.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
    String key = admin.newKey("{\"tenant\":\"acme\",\"budget_usd_per_day\":0.01}");

    HttpResponse<String> failed = http.post("/v1/embeddings", key, CALL);

    assertThat(failed.statusCode()).isEqualTo(502);
    JsonNode trace = admin.trace(failed.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(502);
    assertThat(trace.path("attempts")).hasSize(1);
    assertThat(trace.path("cost_usd").asDouble()).isZero();
    upstream.json(200, EMBEDDINGS);
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).as("the failed call's reservation was released")
        .isEqualTo(200);
  }
}
