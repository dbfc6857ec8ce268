package dev.apprentice.server;

import static dev.apprentice.testing.FakeProvider.streamChunks;
import static dev.apprentice.testing.FakeProvider.streamChunksThenFail;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.Usage;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** How a redacted stream ends over HTTP when text that could start a placeholder is still held back. */
class GuardedStreamEndsThroughServerTest {

  private static final String EMAIL = "jane.doe@example.com";

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      smart:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
        guard: { input: { pii: redact } }
      """);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void anUpstreamThatBreaksOffMidPlaceholderStillDeliversTheTextBeforeTheErrorEvent() {
    upstream.then(streamChunksThenFail(Kind.SERVER_ERROR, textChunk("Sending to "), textChunk("you and <EM")));

    HttpResponse<String> response = post("");

    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo("Sending to you and <EM");
    assertThat(events.hasDone()).isFalse();
    assertThat(events.json().getLast().path("error").path("code").asText()).isEqualTo("upstream_error");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("error_code").asText()).isEqualTo("upstream_error");
  }

  @Test
  void theUsageChunkStaysTheLastChunkWhenTheStreamEndsWithTextStillHeld() {
    ChatChunk usage = new ChatChunk("fake-chunk", ChatChunk.OBJECT, 0L, "fake", List.of(), Usage.of(9, 4), null,
        null);
    upstream.then(streamChunks(textChunk("Sending to "), textChunk("you, <EMAIL_"), usage));

    SseEvents events = SseEvents.parse(post(",\"stream_options\":{\"include_usage\":true}").body());

    assertThat(events.text()).isEqualTo("Sending to you, <EMAIL_");
    assertThat(events.endsWithDone()).isTrue();
    JsonNode last = events.chunks().getLast();
    assertThat(last.path("choices").isEmpty()).isTrue();
    assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
  }

  private HttpResponse<String> post(String options) {
    return http.post("/v1/chat/completions", null, "{\"model\":\"smart\",\"stream\":true" + options
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"mail " + EMAIL + "\"}]}");
  }
}
