package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The wait before a retry (backoff, an upstream's Retry-After) is time the gateway chose to wait, not time it spent
 * working: it is in no call's overhead, neither {@code x-apprentice-overhead-ms}, nor the trace's {@code overhead_ms},
 * nor {@code apprentice_gateway_overhead_seconds}. The call fails over as the audit saw it: the first target answers
 * 503 asking for a second's wait, is asked again and answers 500, and the second target answers. Each attempt's trace
 * says when it began after the call's start, so that the wait shows where it fell. Two fake OpenAI-compatible upstreams
 * on real sockets.
 */
class RetryWaitsOverheadThroughServerTest {

  /** What the first target's Retry-After asks, which the wait before its retry is at least. */
  private static final double WAIT_MS = 1000;
  private static final String ERROR = "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}";
  private static final String EMBEDDINGS = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"e","usage":{"prompt_tokens":8,"total_tokens":8}}""";

  private final FakeUpstream first = new FakeUpstream();
  private final FakeUpstream second = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        one: { type: openai, base_url: "%s", api_key: sk-one }
        two: { type: openai, base_url: "%s", api_key: sk-two }
      models:
        m:
          targets: [ { provider: one, model: m-one }, { provider: two, model: m-two } ]
          retries: 1
          retry_backoff_ms: 10
          timeout_ms: 20000
      """.formatted(first.baseUrl(), second.baseUrl()), "admin-key-retry-waits", Clock.systemUTC())
      .closing(first, second);

  @Test
  void aChatCallThatWaitedBeforeARetryCountsNoneOfTheWaitAsOverhead() {
    firstTargetFailsTwiceAskingForAWait();
    second.json(200, UpstreamAnswers.completion("from the second"));

    long sent = System.nanoTime();
    HttpResponse<String> response = gateway.http().chat(null, "m", "hi");

    assertAnsweredBySecondAfterWaiting(response, sent, "chat_completions");
  }

  @Test
  void anEmbeddingsCallThatWaitedBeforeARetryCountsNoneOfTheWaitAsOverhead() {
    firstTargetFailsTwiceAskingForAWait();
    second.json(200, EMBEDDINGS);

    long sent = System.nanoTime();
    HttpResponse<String> response = gateway.http().post("/v1/embeddings", null,
        "{\"model\":\"m\",\"input\":\"where is my card\"}");

    assertAnsweredBySecondAfterWaiting(response, sent, "embeddings");
  }

  @Test
  void anEmbeddingsCallThatFailedAfterWaitingBeforeARetryCountsNoneOfTheWaitAsOverhead() {
    firstTargetFailsTwiceAskingForAWait();
    second.json(500, ERROR).json(500, ERROR);

    HttpResponse<String> response = gateway.http().post("/v1/embeddings", null,
        "{\"model\":\"m\",\"input\":\"where is my card\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
    JsonNode trace = traceOf(response);
    assertThat(trace.path("attempts")).hasSize(4);
    assertThat(trace.path("overhead_ms").asDouble()).isLessThanOrEqualTo(withoutUpstreamsAndTheWait(trace));
    assertEachAttemptBeganAfterTheOneBeforeAndTheWaitAfterTheFirst(trace);
  }

  private void firstTargetFailsTwiceAskingForAWait() {
    first.json(503, ERROR, "Retry-After", "1").json(500, ERROR);
  }

  private void assertAnsweredBySecondAfterWaiting(HttpResponse<String> response, long sentNanos, String api) {
    double elapsedMs = (System.nanoTime() - sentNanos) / 1e6;
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("two/m-two");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("3");
    assertThat(Double.parseDouble(response.headers().firstValue("x-apprentice-overhead-ms").orElseThrow()))
        .as("the header").isLessThanOrEqualTo(elapsedMs - WAIT_MS);

    JsonNode trace = traceOf(response);
    double overheadMs = trace.path("overhead_ms").asDouble();
    assertThat(overheadMs).as("the trace").isLessThanOrEqualTo(withoutUpstreamsAndTheWait(trace));
    assertThat(overheadSecondsSum(api) * 1000).as("the metric").isCloseTo(overheadMs, within(0.001));
    assertEachAttemptBeganAfterTheOneBeforeAndTheWaitAfterTheFirst(trace);
  }

  /**
   * Each attempt's {@code started_ms} is after the end of the one before it, the second (the retry the first target's
   * Retry-After held back) at least the wait after the first's, and every attempt ends within the call.
   */
  private static void assertEachAttemptBeganAfterTheOneBeforeAndTheWaitAfterTheFirst(JsonNode trace) {
    double endOfTheOneBefore = 0;
    for (JsonNode attempt : trace.path("attempts")) {
      double startedMs = attempt.path("started_ms").asDouble(-1);
      double waited = attempt.path("index").asInt() == 1 ? WAIT_MS : 0;
      assertThat(startedMs).as("attempt %s of %s", attempt.path("index"), trace)
          .isGreaterThanOrEqualTo(endOfTheOneBefore + waited - 1e-6);
      endOfTheOneBefore = startedMs + attempt.path("latency_ms").asDouble();
    }
    assertThat(endOfTheOneBefore).isLessThanOrEqualTo(trace.path("latency_ms").asDouble() + 1e-6);
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    return gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  /**
   * The call's time less its attempts' and the wait before the retry: the most its overhead can be (give or take the
   * rounding of the milliseconds the trace keeps, which can make the two differ in their last binary digits).
   */
  private static double withoutUpstreamsAndTheWait(JsonNode trace) {
    double upstreamMs = 0;
    for (JsonNode attempt : trace.path("attempts")) upstreamMs += attempt.path("latency_ms").asDouble();
    return trace.path("latency_ms").asDouble() - upstreamMs - WAIT_MS + 1e-6;
  }

  /** {@code apprentice_gateway_overhead_seconds_sum} of the calls through {@code api}: here, the one call made. */
  private double overheadSecondsSum(String api) {
    String metrics = new RawHttp(gateway.server()).get("/metrics").body();
    Matcher sum = Pattern.compile("apprentice_gateway_overhead_seconds_sum\\{api=\"" + api + "\"[^}]*} (\\S+)")
        .matcher(metrics);
    assertThat(sum.find()).as("the overhead of the %s call in %s", api, metrics).isTrue();
    return Double.parseDouble(sum.group(1));
  }
}
