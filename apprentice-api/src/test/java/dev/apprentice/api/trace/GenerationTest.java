package dev.apprentice.api.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatRequestBuilder;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationTest {

  private static ChatRequestBuilder hello() {
    return ChatRequest.builder().model("m").messages(List.of(Message.user("hello")));
  }

  @Test
  void everyGenerationParameterARequestSetsIsKeptUnderItsConventionalMeaning() {
    ChatRequest request = hello().temperature(0.2).topP(0.9).maxTokens(100).maxCompletionTokens(64).n(3).seed(42L)
        .stop(List.of("END", "STOP")).responseFormat(Map.of("type", "json_schema", "json_schema", Map.of()))
        .extra(Map.of("frequency_penalty", 0.5, "presence_penalty", -1)).build();

    Generation generation = Generation.of(request, "chatcmpl-1", List.of("stop", "length"));

    assertThat(generation).isEqualTo(new Generation(0.2, 0.9, 64, 0.5, -1.0, List.of("END", "STOP"), 42L, 3,
        Generation.JSON, "chatcmpl-1", List.of("stop", "length")));
  }

  @Test
  void aRequestThatSetsNothingAndGotNoAnswerHasNoGeneration() {
    assertThat(Generation.of(hello().build(), null, List.of())).isNull();
  }

  @Test
  void oneChoiceIsNoChoiceCountAndOneStopStringIsOneStopSequence() {
    Generation generation = Generation.of(hello().n(1).stop("END").build(), null, List.of());

    assertThat(generation.choiceCount()).isNull();
    assertThat(generation.stopSequences()).containsExactly("END");
  }

  @Test
  void aJsonObjectFormatIsJsonOutputAndATextFormatIsText() {
    assertThat(Generation.of(hello().responseFormat(Map.of("type", "json_object")).build(), null, List.of())
        .outputType()).isEqualTo(Generation.JSON);
    assertThat(Generation.of(hello().responseFormat(Map.of("type", "text")).build(), null, List.of())
        .outputType()).isEqualTo(Generation.TEXT);
  }

  @Test
  void finishReasonsAreEachChoicesInOrderLeavingOutAChoiceThatHasNone() {
    ChatResponse response = new ChatResponse("chatcmpl-1", "chat.completion", 1L, "m", List.of(
        new ChatResponse.Choice(0, Message.assistant("a"), "stop", null),
        new ChatResponse.Choice(1, Message.assistant("b"), null, null),
        new ChatResponse.Choice(2, Message.assistant("c"), "length", null)), null, null, null);

    assertThat(Generation.finishReasonsOf(response)).containsExactly("stop", "length");
    assertThat(Generation.finishReasonsOf(null)).isEmpty();
  }
}
