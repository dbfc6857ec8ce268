package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.WordHashEmbedder;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A Responses call is a chat call inside the gateway: the input guard judges its translated messages, the response
 * cache answers a repeat of it, and a key's model list holds for it, each as for {@code /v1/chat/completions}.
 */
class ResponsesThroughThePipelineTest {

  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String TOKEN = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
        guarded:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { input: { secrets: block } }
      """, TempDirs.create(), Map.of(), Gateways.ADMIN_KEY, Clock.systemUTC(), WordHashEmbedder::new);

  private HttpResponse<String> respond(String key, String model, String input) {
    return gateway.http().post("/v1/responses", key,
        "{\"model\":\"" + model + "\",\"temperature\":0,\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
            + "\"text\":\"" + input + "\"}]}]}");
  }

  @Test
  void theInputGuardBlocksASecretInAResponsesInputAsItWouldInAChatMessage() {
    HttpResponse<String> response = respond(null, "guarded", "deploy with " + TOKEN);

    JsonNode error = assertError(response, 422, "invalid_request_error", "content_blocked", null);
    assertThat(error.path("message").asText()).contains("secrets").doesNotContain(TOKEN);
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("error_code").asText()).isEqualTo("content_blocked");
  }

  @Test
  void aRepeatedResponsesCallIsAnsweredFromTheCacheAsAResponse() throws InterruptedException {
    HttpResponse<String> first = respond(null, "echo", "where is my card");
    assertThat(first.headers().firstValue("x-apprentice-cache")).hasValue("miss");

    HttpResponse<String> hit = first;
    for (int i = 0; i < 100 && "miss".equals(hit.headers().firstValue("x-apprentice-cache").orElse("miss")); i++) {
      Thread.sleep(50); // answers are kept off the request path and become visible within moments
      hit = respond(null, "echo", "where is my card");
    }

    assertThat(hit.headers().firstValue("x-apprentice-cache")).hasValue("exact");
    JsonNode body = RawHttp.json(hit.body());
    assertThat(body.path("object").asText()).isEqualTo("response");
    assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("where is my card");
    assertThat(body.path("id").asText()).isNotEqualTo(RawHttp.json(first.body()).path("id").asText());
  }

  @Test
  void aKeyMayNotUseThroughResponsesAModelItMayNotUseThroughChat() {
    String key = gateway.admin().newKey("{\"tenant\":\"t\",\"name\":\"n\",\"models\":[\"guarded\"]}");

    assertError(respond(key, "echo", "hello"), 403, "permission_error", "model_not_allowed", "model");
    assertThat(respond(key, "guarded", "hello").statusCode()).isEqualTo(200);
  }
}
