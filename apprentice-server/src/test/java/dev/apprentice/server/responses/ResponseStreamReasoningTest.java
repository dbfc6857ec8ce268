package dev.apprentice.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A streamed model's thinking as a reasoning item, before the message it preceded. */
class ResponseStreamReasoningTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> SIGNED = Map.of("type", "thinking", "thinking", "Say hi back.",
      "signature", "EqQBCkYIBRgCIkBsig");

  private final List<ResponseStream.Event> events = new ArrayList<>();

  private static ResponseStream stream(String request) throws Exception {
    return new ResponseStream(new ResponseObject(JSON.readTree(request), "resp_1", 1));
  }

  private static ChatChunk chunk(ChatChunk.Delta delta, String finish) {
    return new ChatChunk("c", ChatChunk.OBJECT, 1L, "m", List.of(new ChatChunk.Choice(0, delta, finish, null)),
        null, null, null);
  }

  private static ChatChunk.Delta extra(String field, Object value) {
    return new ChatChunk.Delta(null, null, null, null, new java.util.LinkedHashMap<>(Map.of(field, value)));
  }

  private void play(ResponseStream stream, ChatChunk... chunks) {
    for (ChatChunk chunk : chunks) events.addAll(stream.chunk(chunk));
    events.addAll(stream.end());
  }

  private List<String> order() {
    return events.stream().map(e -> (e.data().has("output_index") ? e.data().path("output_index").asInt() + ":" : "")
        + e.type().replace("response.", "")).toList();
  }

  private JsonNode done(int outputIndex) {
    return events.stream().filter(e -> e.type().equals("response.output_item.done")
        && e.data().path("output_index").asInt() == outputIndex).findFirst().orElseThrow().data().path("item");
  }

  @Test
  void signedThinkingStreamsAsAReasoningItemThatClosesWhenTheMessageOpensWithItsBlocksEncrypted() throws Exception {
    play(stream("{\"model\":\"m\",\"include\":[\"reasoning.encrypted_content\"]}"),
        chunk(extra(Message.REASONING_CONTENT, "Say "), null),
        chunk(extra(Message.REASONING_CONTENT, "hi back."), null),
        chunk(extra(Message.THINKING_BLOCKS, List.of(SIGNED)), null),
        chunk(ChatChunk.Delta.text("Hi!"), "stop"));

    assertThat(order()).containsExactly("created", "in_progress",
        "0:output_item.added", "0:content_part.added", "0:reasoning_text.delta", "0:reasoning_text.delta",
        "0:reasoning_text.done", "0:content_part.done", "0:output_item.done",
        "1:output_item.added", "1:content_part.added", "1:output_text.delta",
        "1:output_text.done", "1:content_part.done", "1:output_item.done", "completed");
    assertThat(events).extracting(e -> e.data().path("sequence_number").asInt())
        .containsExactlyElementsOf(IntStream.range(0, events.size()).boxed().toList());
    JsonNode added = events.get(2).data().path("item");
    assertThat(added.path("type").asText()).isEqualTo("reasoning");
    assertThat(added.path("id").asText()).startsWith("rs_");
    assertThat(added.path("summary")).isEmpty();
    assertThat(added.has("encrypted_content")).isFalse();
    assertThat(events.get(3).data().at("/part/type").asText()).isEqualTo("reasoning_text");
    assertThat(events.get(6).data().path("text").asText()).isEqualTo("Say hi back.");
    JsonNode reasoning = done(0);
    assertThat(reasoning.at("/content/0/type").asText()).isEqualTo("reasoning_text");
    assertThat(reasoning.at("/content/0/text").asText()).isEqualTo("Say hi back.");
    assertThat(reasoning.path("status").asText()).isEqualTo("completed");
    assertThat(EncryptedReasoning.decode(reasoning, "item").blocks()).containsExactly(SIGNED);
    assertThat(events.getLast().data().at("/response/output/0")).isEqualTo(reasoning);
    assertThat(events.getLast().data().at("/response/output/1/content/0/text").asText()).isEqualTo("Hi!");
  }

  @Test
  void thinkingTextInTheReasoningFieldIsAReasoningItemWithoutEncryptedContentUnlessIncludeAsksForIt()
      throws Exception {
    play(stream("{\"model\":\"m\"}"),
        chunk(extra(ResponseReasoning.REASONING, "Hmm."), null),
        chunk(ChatChunk.Delta.text("Yes."), "stop"));

    JsonNode reasoning = done(0);
    assertThat(reasoning.at("/content/0/text").asText()).isEqualTo("Hmm.");
    assertThat(reasoning.has("encrypted_content")).isFalse();
    assertThat(done(1).path("type").asText()).isEqualTo("message");
  }

  @Test
  void aRedactedBlockAloneIsAReasoningItemWithNoTextWhoseEncryptedContentCarriesIt() throws Exception {
    Map<String, Object> redacted = Map.of("type", "redacted_thinking", "data", "EmwKAhgBEgy3va");

    play(stream("{\"model\":\"m\",\"include\":[\"reasoning.encrypted_content\"]}"),
        chunk(extra(Message.THINKING_BLOCKS, List.of(redacted)), null),
        chunk(ChatChunk.Delta.text("Done."), "stop"));

    assertThat(order()).containsSubsequence("0:output_item.added", "0:output_item.done", "1:output_item.added")
        .doesNotContain("0:content_part.added", "0:reasoning_text.done");
    assertThat(done(0).path("content")).isEmpty();
    assertThat(EncryptedReasoning.decode(done(0), "item").blocks()).containsExactly(redacted);
  }
}
