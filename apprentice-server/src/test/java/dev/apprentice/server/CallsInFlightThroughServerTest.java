package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.hang;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamStallAfter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeProvider;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A key's {@code max_concurrent} through a real server: a call past it is refused (429, Retry-After 1), traced and
 * counted, through either chat API; and however a call ends, its place is given back, so that the key's next call
 * is served. Each key here allows one call at a time, so that a place a call kept would refuse every later one.
 */
class CallsInFlightThroughServerTest {

  private static final String SECRET = "the key is AKIA" + "Q3EGRL5BXN2KFOHM";

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      m:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
      pair:
        targets: [ { provider: up, model: first }, { provider: up, model: second } ]
        retries: 0
      guarded:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { input: { secrets: block } }
      """);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();
  private final String key = admin.newKey("{\"tenant\":\"acme\",\"max_concurrent\":1}");

  @Test
  void aCallPastTheKeysCallsInFlightIsRefusedTracedAndCountedWhileAStreamHoldsThePlace() throws Exception {
    upstream.then(streamStallAfter(1));
    try (Socket stream = HeldStreams.open(gateway, key, "/v1/chat/completions", "{\"model\":\"m\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}")) {
      HttpResponse<String> chat = http.chat(key, "m", "hello");
      HttpResponse<String> responses = http.post("/v1/responses", key, "{\"model\":\"m\",\"input\":\"hello\"}");

      assertError(chat, 429, "rate_limit_error", "rate_limit_exceeded", null);
      assertThat(chat.headers().firstValue("retry-after")).hasValue("1");
      assertThat(chat.body()).contains("allows 1 call in flight at once (max_concurrent)");
      assertError(responses, 429, "rate_limit_error", "rate_limit_exceeded", null);
      JsonNode trace = admin.trace(chat.headers().firstValue("x-apprentice-trace-id").orElseThrow());
      assertThat(trace.path("status").asInt()).isEqualTo(429);
      assertThat(trace.path("error_code").asText()).isEqualTo("rate_limit_exceeded");
      assertThat(http.get("/metrics", null).body().lines()
          .filter(line -> line.startsWith("apprentice_errors_total{") && line.contains("code=\"rate_limit_exceeded\"")))
          .hasSize(2);
    } // the client leaves midway through its stream

    HeldStreams.traceWithStatus(admin, 499);
    assertThat(http.chat(key, "m", "after the stream").statusCode()).as("the stream's place was given back")
        .isEqualTo(200);
  }

  @Test
  void aCallThatFailsUpstreamGivesItsPlaceBack() {
    upstream.then(fail(Kind.SERVER_ERROR));
    assertThat(http.chat(key, "m", "fails").statusCode()).isEqualTo(502);

    assertServedAgain();
  }

  @Test
  void aCallThatFailsOverToItsSecondTargetGivesItsOnePlaceBack() {
    upstream.then(fail(Kind.SERVER_ERROR), reply("from the second"));
    HttpResponse<String> answered = http.chat(key, "pair", "fails over");
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.headers().firstValue("x-apprentice-attempts")).hasValue("2");

    assertServedAgain();
  }

  @Test
  void aCallTheCacheAnswersGivesItsPlaceBack() throws Exception {
    String body = "{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"cache me\"}]}";
    assertThat(http.post("/v1/chat/completions", key, body).statusCode()).isEqualTo(200);
    admin.awaitCacheEntries(1);

    HttpResponse<String> hit = http.post("/v1/chat/completions", key, body);

    assertThat(hit.headers().firstValue("x-apprentice-cache")).hasValue("exact");
    assertServedAgain();
  }

  @Test
  void aCallTheGuardBlocksGivesItsPlaceBack() {
    assertError(http.chat(key, "guarded", SECRET), 422, "invalid_request_error", "content_blocked", null);

    assertServedAgain();
  }

  @Test
  void aStreamThatEndsGivesItsPlaceBackThroughTheResponsesApi() throws Exception {
    HttpResponse<String> stream = http.post("/v1/responses", key,
        "{\"model\":\"m\",\"stream\":true,\"input\":\"stream me\"}");
    assertThat(stream.body()).contains("response.completed");
    HeldStreams.awaitTrace(admin, stream.headers().firstValue("x-apprentice-trace-id").orElseThrow());

    assertServedAgain();
  }

  @Test
  void aCallWhoseClientLeavesBeforeItsAnswerBeginsGivesItsPlaceBack() throws Exception {
    upstream.then(hang());
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"slow\"}]}";
    try (RawConnection client = new RawConnection(gateway.server())) {
      client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: "
          + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawConnection.PATIENCE_MS);
      while (upstream.calls() == 0 && System.nanoTime() < until) Thread.sleep(20);
      assertThat(upstream.calls()).as("the call holds its place, waiting on the upstream").isEqualTo(1);
    } // the client leaves before the first byte of its answer

    HeldStreams.traceWithStatus(admin, 499);
    assertServedAgain();
  }

  private void assertServedAgain() {
    assertThat(http.chat(key, "m", "next").statusCode()).as("the key's one place is free again").isEqualTo(200);
  }
}
