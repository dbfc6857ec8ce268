package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.WordHashEmbedder;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache answers a Responses client's paraphrase as it answers a chat client's: the Responses API gives a
 * user turn as {@code input_text} parts, which are plain text to the semantic tier as a string is.
 */
class ResponsesSemanticCacheTest {

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        meaning:
          targets: [ { provider: sim, model: sim-echo } ]
          cache: { mode: semantic, threshold: 0.8 }
      """, TempDirs.create(), Map.of(), Gateways.ADMIN_KEY, Clock.systemUTC(), WordHashEmbedder::new);

  private HttpResponse<String> ask(String text) {
    return gateway.http().post("/v1/responses", null, "{\"model\":\"meaning\",\"temperature\":0,\"input\":[{\"role\":"
        + "\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + text + "\"}]}]}");
  }

  @Test
  void aParaphraseInInputTextPartsHitsTheSemanticTier() {
    HttpResponse<String> first = ask("please tell me how I reset my card PIN today");
    assertThat(first.headers().firstValue("x-apprentice-cache")).hasValue("miss");

    gateway.admin().awaitCacheEntries(1); // answers are kept off the request path and become visible within moments

    HttpResponse<String> paraphrase = ask("tell me how I reset my card PIN today");

    assertThat(paraphrase.headers().firstValue("x-apprentice-cache")).hasValue("semantic");
    JsonNode body = RawHttp.json(paraphrase.body());
    assertThat(body.path("object").asText()).isEqualTo("response");
    assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("please tell me how I reset my card PIN today");
  }
}
