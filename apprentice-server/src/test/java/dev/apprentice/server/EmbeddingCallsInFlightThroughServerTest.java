package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.streamStallAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.FakeUpstream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A key's {@code max_concurrent} holds for embeddings as for chat, one count for both: a place held by a chat stream
 * refuses an embeddings call, and an embeddings call gives its place back however it ends (answered, failed
 * upstream, blocked by its guard). The key allows one call at a time, so that a place kept would refuse every later
 * call.
 */
class EmbeddingCallsInFlightThroughServerTest {

  private static final String EMBEDDINGS = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""";
  private static final String CALL = "{\"model\":\"embed\",\"input\":\"where is my card\"}";

  private final FakeProvider chat = new FakeProvider("chat");
  private final FakeUpstream embeddings = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        chat: { type: simulator }
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        m: { targets: [ { provider: chat, model: gpt-4o } ] }
        embed:
          targets: [ { provider: up, model: text-embedding-3-small } ]
          retries: 0
        guarded:
          targets: [ { provider: up, model: text-embedding-3-small } ]
          guard: { input: { secrets: block } }
      """.formatted(embeddings.baseUrl()), Map.of("chat", chat)).closing(chat, embeddings);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();
  private final String key = admin.newKey("{\"tenant\":\"acme\",\"max_concurrent\":1}");

  @Test
  void anEmbeddingsCallIsRefusedWhileAChatStreamHoldsTheKeysOnePlace() throws Exception {
    chat.then(streamStallAfter(1));
    try (Socket stream = openChatStream()) {
      HttpResponse<String> refused = http.post("/v1/embeddings", key, CALL);

      assertError(refused, 429, "rate_limit_error", "rate_limit_exceeded", null);
      assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
      assertThat(admin.trace(refused.headers().firstValue("x-apprentice-trace-id").orElseThrow())
          .path("operation").asText()).isEqualTo("embeddings");
      assertThat(embeddings.requestCount()).isZero();
    }
    HeldStreams.traceWithStatus(admin, 499);
    embeddings.json(200, EMBEDDINGS);
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).isEqualTo(200);
  }

  @Test
  void anAnsweredEmbeddingsCallGivesItsPlaceBack() {
    embeddings.json(200, EMBEDDINGS);
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).isEqualTo(200);

    assertServedAgain();
  }

  @Test
  void anEmbeddingsCallThatFailsUpstreamGivesItsPlaceBack() {
    embeddings.json(500, "{\"error\":{\"message\":\"down\"}}");
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).isEqualTo(502);

    assertServedAgain();
  }

  @Test
  void anEmbeddingsCallItsGuardBlocksGivesItsPlaceBack() {
    assertError(http.post("/v1/embeddings", key, "{\"model\":\"guarded\",\"input\":\"the key is AKIA"
        + "Q3EGRL5BXN2KFOHM\"}"), 422, "invalid_request_error", "content_blocked", null);

    assertServedAgain();
  }

  private void assertServedAgain() {
    embeddings.json(200, EMBEDDINGS);
    assertThat(http.post("/v1/embeddings", key, CALL).statusCode()).as("the key's one place is free again")
        .isEqualTo(200);
  }

  private Socket openChatStream() throws Exception {
    return HeldStreams.open(gateway, key, "/v1/chat/completions",
        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a story\"}]}");
  }
}
