package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves before the first byte of its answer cancels its call (chat or embeddings), over real HTTP: the
 * upstream request in flight is abandoned (its connection closed at once, not at the call's deadline), no retry or
 * fallback follows, and the trace says {@code client_disconnected} (499) with the one attempt made, booked for its
 * prompt (an embedding call's: its inputs), which the upstream had, estimated. The time limits here
 * are a minute, so that only the departure can end the upstream's wait within the test's patience. A waiting call's
 * client is first looked for after a second, then about once a second: a departure is noticed within about two.
 */
class ClientDepartureTest {

  private static final String ADMIN_KEY = "admin-key-client-departure";
  /**
   * Bounds the wait for the upstream's connection to close: the departure is noticed within about two seconds, and
   * this leaves room for a loaded machine while staying far below the call's own time limits.
   */
  private static final long SOON_MS = 10_000;

  private final FakeUpstream fallback = new FakeUpstream();
  private StalledUpstream stalled;
  /** Started by each test, closing its upstreams after it. */
  @AutoClose
  private RunningGateway gateway;

  private void start(boolean opensStream) {
    stalled = new StalledUpstream(opensStream);
    gateway = Gateways.running("""
        providers:
          slow: { type: openai, base_url: "%s", api_key: sk-slow }
          spare: { type: openai, base_url: "%s", api_key: sk-spare }
        models:
          pair:
            targets: [ { provider: slow, model: gpt-4o-mini }, { provider: spare, model: gpt-4o-mini } ]
            retries: 2
            timeout_ms: 60000
            ttft_timeout_ms: 60000
        """.formatted(stalled.baseUrl(), fallback.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(stalled, fallback);
    fallback.json(200, UpstreamAnswers.completion("from the spare"));
  }

  private static String chatRequest(String model, boolean stream) {
    String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  /** The call's trace, once its accounting has written it. */
  private JsonNode onlyTrace() throws InterruptedException {
    AdminClient admin = gateway.admin();
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawConnection.PATIENCE_MS);
    List<JsonNode> traces = admin.traces("");
    while (traces.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
      traces = admin.traces("");
    }
    assertThat(traces).hasSize(1);
    return admin.trace(traces.getFirst().path("id").asText());
  }

  private static String embeddingsRequest(String model) {
    String body = "{\"model\":\"" + model + "\",\"input\":\"where is my card\"}";
    return "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  /** Sends {@code request} to model pair, leaves once the stalled upstream has it, and checks what followed. */
  private JsonNode leavesBeforeTheAnswerBegins(boolean opensStream, String request) throws Exception {
    start(opensStream);
    try (RawConnection client = new RawConnection(gateway.server())) {
      client.send(request);
      stalled.awaitRequest();
    } // the client closes its connection

    assertThat(stalled.closedWithin(SOON_MS)).as("the upstream request is abandoned, not held to its deadline")
        .isTrue();
    JsonNode trace = onlyTrace();
    assertThat(trace.path("status").asInt()).isEqualTo(499);
    assertThat(trace.path("error_code").asText()).isEqualTo("client_disconnected");
    assertThat(AdminClient.list(trace.path("attempts"))).singleElement()
        .satisfies(attempt -> assertThat(attempt.path("outcome").asText()).isEqualTo("cancelled"));
    assertThat(stalled.requests()).as("no retry").isEqualTo(1);
    assertThat(fallback.requestCount()).as("no fallback").isZero();
    return trace;
  }

  /** The abandoned attempt had sent its request: its prompt is booked, estimated, and is the whole cost. */
  private static void bookedForItsPrompt(JsonNode trace) {
    JsonNode attempt = trace.path("attempts").get(0);
    assertThat(attempt.path("cost_estimated").asBoolean()).isTrue();
    assertThat(attempt.path("input_tokens").asInt()).isPositive();
    assertThat(attempt.path("cost_usd").asDouble()).isPositive().isEqualTo(trace.path("cost_usd").asDouble());
    assertThat(trace.path("usage_estimated").asBoolean()).isTrue();
  }

  @Test
  void aStreamWhoseClientLeavesBeforeItsFirstTokenClosesItsUpstreamAndTriesNoOtherTarget() throws Exception {
    bookedForItsPrompt(leavesBeforeTheAnswerBegins(true, chatRequest("pair", true)));
  }

  @Test
  void aCallWhoseClientLeavesBeforeItsAnswerClosesItsUpstreamAndTriesNoOtherTarget() throws Exception {
    bookedForItsPrompt(leavesBeforeTheAnswerBegins(false, chatRequest("pair", false)));
  }

  @Test
  void anEmbeddingCallWhoseClientLeavesBeforeItsAnswerClosesItsUpstreamAndTriesNoOtherTarget() throws Exception {
    JsonNode trace = leavesBeforeTheAnswerBegins(false, embeddingsRequest("pair"));

    assertThat(trace.path("operation").asText()).isEqualTo("embeddings");
    bookedForItsPrompt(trace); // its inputs: the upstream had them
  }

  @Test
  void aClientThatSendsItsNextRequestWhileItsCallWaitsIsStillThereAndGetsBothAnswers() throws Exception {
    gateway = Gateways.running("""
        providers:
          one: { type: openai, base_url: "%s", api_key: sk-one }
        models:
          single:
            targets: [ { provider: one, model: gpt-4o-mini } ]
            retries: 0
        """.formatted(fallback.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(fallback);
    // the answer comes after the watcher's first look at the waiting connection (a second or two into the wait)
    fallback.delayed(Duration.ofMillis(2_500), 200, UpstreamAnswers.completion("hello"));
    try (RawConnection client = new RawConnection(gateway.server())) {
      client.send(chatRequest("single", false));
      fallback.takeRequest(); // the call waits for its answer now
      client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"); // sent ahead, unread until the call has answered

      String chat = client.answer();
      String health = client.answer();

      assertThat(chat).startsWith("HTTP/1.1 200").contains("hello");
      assertThat(health).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void theNextCallToTheSameUpstreamIsServedAtItsFirstAttempt() throws Exception {
    gateway = Gateways.running("""
        providers:
          one: { type: openai, base_url: "%s", api_key: sk-one }
        models:
          single:
            targets: [ { provider: one, model: gpt-4o-mini } ]
            retries: 2
            timeout_ms: 60000
        """.formatted(fallback.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(fallback);
    fallback.delayed(Duration.ofSeconds(30), 200, UpstreamAnswers.completion("too late"));
    fallback.json(200, UpstreamAnswers.completion("hello"));
    try (RawConnection client = new RawConnection(gateway.server())) {
      client.send(chatRequest("single", false));
      fallback.takeRequest();
    }
    JsonNode departed = onlyTrace();
    assertThat(departed.path("status").asInt()).isEqualTo(499);

    var response = gateway.http().chat(null, "single", "hi");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("1");
  }
}
