package dev.apprentice.server;

import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A streamed Responses call under a redacting input guard: the upstream sees a placeholder, and the events the client
 * reads carry the value again, restored in the chat stream before it becomes events.
 */
class ResponsesGuardedStreamTest {

  private static final String EMAIL = "jane.doe@example.com";

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      smart:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
        guard: { input: { pii: redact } }
      """);

  @Test
  void theUpstreamSeesAPlaceholderAndTheStreamedEventsCarryTheValueAgain() {
    upstream.then(streamReply("Sending to ", "<EMAIL_1>", " now"));

    HttpResponse<String> response = gateway.http().post("/v1/responses", null,
        "{\"model\":\"smart\",\"stream\":true,\"input\":\"mail " + EMAIL + "\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    ResponseEvents events = ResponseEvents.parse(response.body());
    assertThat(events.deltas("response.output_text.delta")).isEqualTo("Sending to " + EMAIL + " now");
    assertThat(events.only("response.output_text.done").path("text").asText()).isEqualTo("Sending to " + EMAIL + " now");
    assertThat(upstream.received()).singleElement()
        .satisfies(r -> assertThat(r.request().messages().getFirst().text()).doesNotContain(EMAIL).contains("<EMAIL_1>"));
  }
}
