package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Embedding calls route like chat calls (README "Routing and resilience"): retries honouring Retry-After, failover,
 * one deadline for the whole call (504), circuits shared with chat calls, and the {@code x-apprentice-*} headers.
 */
class EmbeddingRoutingTest {

  private static final String EMBEDDINGS = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""";
  private static final String ERROR = "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}";

  private final FakeUpstream first = new FakeUpstream();
  private final FakeUpstream second = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        one: { type: openai, base_url: "%s", api_key: sk-one }
        two: { type: openai, base_url: "%s", api_key: sk-two }
      models:
        embed:
          targets: [ { provider: one, model: e-one }, { provider: two, model: e-two } ]
          retries: 1
          retry_backoff_ms: 10
          timeout_ms: 3000
          circuit_breaker: { minimum_calls: 2, failure_rate_percent: 50, open_ms: 60000 }
      """.formatted(first.baseUrl(), second.baseUrl()), "admin-key-embedding-routing", Clock.systemUTC())
      .closing(first, second);
  private final KeyedHttp http = gateway.http();

  private HttpResponse<String> embed() {
    return http.post("/v1/embeddings", null, "{\"model\":\"embed\",\"input\":\"where is my card\"}");
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void aRateLimitedTargetIsRetriedAfterItsRetryAfterAndTheAnswerCarriesTheGatewayHeaders() {
    first.json(429, ERROR, "Retry-After", "1");
    first.json(200, EMBEDDINGS);

    long started = System.nanoTime();
    HttpResponse<String> response = embed();

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited what Retry-After asked")
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("one/e-one");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("2");
    assertThat(header(response, "x-apprentice-cache")).isEqualTo("miss");
    assertThat(Double.parseDouble(header(response, "x-apprentice-overhead-ms"))).as("the wait is not overhead")
        .isBetween(0.0, 500.0);
    assertThat(header(response, "x-apprentice-trace-id")).isNotBlank();
    assertThat(second.requestCount()).isZero();
  }

  @Test
  void aFailingTargetIsRetriedThenFailedOver() {
    first.json(500, ERROR).json(500, ERROR);
    second.json(200, EMBEDDINGS);

    HttpResponse<String> response = embed();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("two/e-two");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("3");
    assertThat(first.requestCount()).isEqualTo(2);
  }

  @Test
  void anAnswerWithFewerVectorsThanInputsIsABadAnswerAndTheCallFailsOver() {
    first.json(200, EMBEDDINGS).json(200, EMBEDDINGS);
    second.json(200, """
        {"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.8,0.6]},
                                 {"object":"embedding","index":0,"embedding":[0.6,0.8]}],
         "model":"text-embedding-3-small","usage":{"prompt_tokens":9,"total_tokens":9}}""");

    HttpResponse<String> response = http.post("/v1/embeddings", null,
        "{\"model\":\"embed\",\"input\":[\"where is my card\",\"when does it arrive\"]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("two/e-two");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("3");
    assertThat(RawHttp.json(response.body()).path("data")).extracting(item -> item.path("embedding").get(0).asDouble())
        .as("one vector per input, in input order").containsExactly(0.6, 0.8);
  }

  @Test
  void anAnswerWithTooFewVectorsFromEveryTargetIsA502NamingIt() {
    first.json(200, EMBEDDINGS).json(200, EMBEDDINGS);
    second.json(200, EMBEDDINGS).json(200, EMBEDDINGS);

    HttpResponse<String> response = http.post("/v1/embeddings", null,
        "{\"model\":\"embed\",\"input\":[[15339,1917],[15339]]}");

    assertThat(assertError(response, 502, "upstream_error", "upstream_error", null).path("message").asText())
        .contains("1 vector for 2 inputs");
  }

  @Test
  void aCallPastItsDeadlineIsAnswered504WithinTheModelsTimeout() {
    first.delayed(Duration.ofSeconds(8), 200, EMBEDDINGS);
    second.delayed(Duration.ofSeconds(8), 200, EMBEDDINGS);

    long started = System.nanoTime();
    HttpResponse<String> response = embed();

    assertError(response, 504, "upstream_error", "upstream_timeout", null);
    // the first target has half the time (it leaves the second time to answer), the second the rest
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("2");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one deadline for the whole call")
        .isLessThan(Duration.ofMillis(5000));
  }

  @Test
  void aTargetThatNeverAnswersLeavesTheNextTargetTimeToAnswer() {
    first.delayed(Duration.ofSeconds(8), 200, EMBEDDINGS);
    second.json(200, EMBEDDINGS);

    HttpResponse<String> response = embed();

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("two/e-two");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("2");
  }

  @Test
  void aTargetThatNeverAnsweredIsBookedForTheInputsItWasSentBesideTheAnswer() {
    first.delayed(Duration.ofSeconds(8), 200, EMBEDDINGS);
    second.json(200, EMBEDDINGS);

    HttpResponse<String> response = embed();

    var trace = gateway.admin().trace(header(response, "x-apprentice-trace-id"));
    var timedOut = trace.path("attempts").get(0);
    var answered = trace.path("attempts").get(1);
    assertThat(timedOut.path("outcome").asText()).isEqualTo("timeout");
    assertThat(timedOut.path("cost_estimated").asBoolean()).isTrue();
    assertThat(timedOut.path("input_tokens").asInt()).as("'where is my card', counted locally").isPositive();
    assertThat(answered.path("input_tokens").asInt()).as("the answer's usage").isEqualTo(8);
    assertThat(answered.path("cost_estimated").asBoolean()).isFalse();
    assertThat(trace.path("input_tokens").asInt())
        .isEqualTo(timedOut.path("input_tokens").asInt() + 8);
    assertThat(trace.path("usage_estimated").asBoolean()).isTrue();
  }

  @Test
  void whenEveryCircuitIsOpenTheCallIsRefused503WithoutTouchingAnUpstream() {
    for (int i = 0; i < 4; i++) {
      first.json(500, ERROR);
      second.json(500, ERROR);
    }
    embed();
    embed();
    int asked = first.requestCount() + second.requestCount();

    HttpResponse<String> refused = embed();

    assertError(refused, 503, "upstream_error", "no_healthy_target", null);
    assertThat(first.requestCount() + second.requestCount()).isEqualTo(asked);
  }
}
