package dev.apprentice.server;

import static dev.apprentice.testing.FakeProvider.chunk;
import static dev.apprentice.testing.FakeProvider.streamChunks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.Message;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A streamed Responses call whose stream the output guard holds back: the thinking text the guard still holds when
 * the answer begins goes out before the answer, so the client reads one reasoning item, then one message.
 */
class ResponsesHeldThinkingStreamTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String ANSWER = "Sent to <EMAIL_1>. ".repeat(20);

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      smart:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
        guard: { input: { pii: redact }, output: { pii: redact } }
      """);

  @Test
  void thinkingHeldBackByTheGuardEndsInOneReasoningItemBeforeOneMessage() {
    String first = "The user wants mail sent to <EMAIL_1>. ".repeat(5);
    String second = "Confirm, then answer.";
    upstream.then(streamChunks(thinking(first), thinking(second), chunk(ChatChunk.Delta.text(ANSWER), null),
        chunk(ChatChunk.Delta.text(""), "stop")));

    HttpResponse<String> response = gateway.http().post("/v1/responses", null,
        "{\"model\":\"smart\",\"stream\":true,\"input\":\"mail " + EMAIL + "\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    ResponseEvents events = ResponseEvents.parse(response.body());
    String thought = (first + second).replace("<EMAIL_1>", EMAIL);
    assertThat(events.deltas("response.reasoning_text.delta")).isEqualTo(thought);
    JsonNode output = events.only("response.completed").at("/response/output");
    assertThat(output).extracting(item -> item.path("type").asText()).containsExactly("reasoning", "message");
    assertThat(output.at("/0/content/0/text").asText()).isEqualTo(thought);
    assertThat(output.at("/1/content/0/text").asText()).isEqualTo(ANSWER.replace("<EMAIL_1>", EMAIL));
  }

  private static ChatChunk thinking(String text) {
    Map<String, Object> extra = new LinkedHashMap<>(Map.of(Message.REASONING_CONTENT, text));
    return chunk(new ChatChunk.Delta(null, null, null, null, extra), null);
  }
}
