package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Empty {@code instructions} (an agent built with {@code instructions=""}) are no instructions, as on OpenAI: no system
 * message, so a target that refuses an empty one (Anthropic) still serves the call.
 */
class ResponsesEmptyInstructionsTest {

  private final FakeUpstream claude = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test }
      models:
        smart: { targets: [ { provider: claude, model: claude-sonnet-4-5 } ], retries: 0 }
      """.formatted(claude.rootUrl())).closing(claude);

  @Test
  void emptyInstructionsSendNoSystemPromptAndAreEchoedAsSent() {
    claude.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[{"type":"text","text":"Hello"}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}""");

    HttpResponse<String> response = gateway.http().post("/v1/responses", null,
        "{\"model\":\"smart\",\"instructions\":\"\",\"input\":\"Hi\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("instructions").asText(null)).isEmpty();
    assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("Hello");
    JsonNode sent = RawHttp.json(claude.takeRequest().body());
    assertThat(sent.has("system")).as(sent.toString()).isFalse();
    assertThat(sent.at("/messages/0/content/0/text").asText()).isEqualTo("Hi");
  }
}
