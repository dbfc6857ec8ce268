package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A {@code response_format} type or {@code tool_choice} mode the gateway does not know is the target's to judge: an
 * OpenAI-type upstream gets it as sent (a newer API or an OpenAI-compatible server may know it), and the simulator,
 * standing in for OpenAI, refuses what OpenAI refuses.
 */
class UnknownValuesThroughServerTest {

  private static final String XML = """
      {"model":"%s","response_format":{"type":"xml"},"messages":[{"role":"user","content":"hi"}]}""";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s" }
        sim: { type: simulator }
      models:
        proxied: { targets: [ { provider: up, model: upstream-model } ], retries: 0 }
        simulated: { targets: [ { provider: sim, model: sim-echo } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void anUnknownResponseFormatTypeReachesAnOpenAiUpstreamAsSent() {
    upstream.json(200, UpstreamAnswers.completion("<a/>"));

    HttpResponse<String> response = http.post("/v1/chat/completions", XML.formatted("proxied"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.at("/response_format/type").asText()).isEqualTo("xml");
  }

  @Test
  void theSimulatorRefusesAnUnknownResponseFormatTypeAsOpenAiWould() {
    JsonNode error = assertError(http.post("/v1/chat/completions", XML.formatted("simulated")),
        400, "invalid_request_error", null, "response_format.type");

    assertThat(error.path("message").asText()).contains("xml").contains("json_schema");
  }

  @Test
  void theSimulatorRefusesAnUnknownToolChoiceModeAsOpenAiWould() {
    assertError(http.post("/v1/chat/completions", """
        {"model":"simulated","tool_choice":"sometimes","tools":[{"type":"function","function":{"name":"f"}}],
         "messages":[{"role":"user","content":"hi"}]}"""), 400, "invalid_request_error", null, "tool_choice");
  }
}
