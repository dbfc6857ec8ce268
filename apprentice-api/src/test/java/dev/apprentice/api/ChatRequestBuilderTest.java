package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ChatRequestBuilderTest {

  /** A request with every field set, each to a value no other field of its type has. */
  private static ChatRequest full() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("top_k", 3);
    return ChatRequest.builder()
        .model("m")
        .messages(List.of(Message.user("hi")))
        .stream(true)
        .streamOptions(new ChatRequest.StreamOptions(true))
        .temperature(0.1)
        .topP(0.2)
        .maxTokens(10)
        .maxCompletionTokens(20)
        .n(1)
        .seed(7L)
        .stop("END")
        .tools(List.of(new Tool("function", new Tool.Function("f", null, null, null))))
        .toolChoice("auto")
        .parallelToolCalls(false)
        .responseFormat(Map.of("type", "json_object"))
        .user("u")
        .metadata(Map.of("team", "search"))
        .extra(extra)
        .build();
  }

  /** For each component, a change of that component alone. */
  private static final Map<String, UnaryOperator<ChatRequestBuilder>> CHANGES = Map.ofEntries(
      Map.entry("model", b -> b.model("other")),
      Map.entry("messages", b -> b.messages(List.of(Message.user("bye")))),
      Map.entry("stream", b -> b.stream(false)),
      Map.entry("streamOptions", b -> b.streamOptions(new ChatRequest.StreamOptions(false))),
      Map.entry("temperature", b -> b.temperature(0.9)),
      Map.entry("topP", b -> b.topP(0.8)),
      Map.entry("maxTokens", b -> b.maxTokens(99)),
      Map.entry("maxCompletionTokens", b -> b.maxCompletionTokens(98)),
      Map.entry("n", b -> b.n(2)),
      Map.entry("seed", b -> b.seed(8L)),
      Map.entry("stop", b -> b.stop(List.of("A", "B"))),
      Map.entry("tools", b -> b.tools(List.of())),
      Map.entry("toolChoice", b -> b.toolChoice("none")),
      Map.entry("parallelToolCalls", b -> b.parallelToolCalls(true)),
      Map.entry("responseFormat", b -> b.responseFormat(Map.of("type", "text"))),
      Map.entry("user", b -> b.user("v")),
      Map.entry("metadata", b -> b.metadata(Map.of())),
      Map.entry("extra", b -> b.extra(Map.of("logprobs", true))));

  @Test
  void aCopyEqualsTheOriginalInEveryField() throws Exception {
    ChatRequest original = full();
    ChatRequest copy = original.toBuilder().build();

    assertThat(copy).isEqualTo(original);
    for (RecordComponent c : ChatRequest.class.getRecordComponents()) {
      assertThat(c.getAccessor().invoke(copy)).as(c.getName()).isNotNull().isEqualTo(c.getAccessor().invoke(original));
    }
    assertThat(copy.extra()).containsEntry("top_k", 3);
  }

  @Test
  void settingOneFieldChangesThatFieldOnly() throws Exception {
    ChatRequest original = full();
    assertThat(CHANGES.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(ChatRequest.class.getRecordComponents()).map(RecordComponent::getName).toList());

    for (var change : CHANGES.entrySet()) {
      ChatRequest changed = change.getValue().apply(original.toBuilder()).build();
      for (RecordComponent c : ChatRequest.class.getRecordComponents()) {
        boolean same = Objects.equals(c.getAccessor().invoke(changed), c.getAccessor().invoke(original));
        assertThat(same).as("%s after setting %s", c.getName(), change.getKey())
            .isEqualTo(!c.getName().equals(change.getKey()));
      }
    }
  }

  @Test
  void anUnsetFieldIsNullAndUnsetExtraIsAnEmptyMap() {
    ChatRequest request = ChatRequest.builder().model("m").build();

    assertThat(request).isEqualTo(new ChatRequest("m", null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null));
    assertThat(request.extra()).isEmpty();
  }

  @Test
  void theWithersChangeTheirFieldAndKeepTheExtraMap() {
    ChatRequest original = full();

    ChatRequest renamed = original.withModel("upstream");
    assertThat(renamed).isEqualTo(original.toBuilder().model("upstream").build());
    assertThat(renamed.extra()).isSameAs(original.extra());

    List<Message> bye = List.of(Message.user("bye"));
    assertThat(original.withMessages(bye)).isEqualTo(original.toBuilder().messages(bye).build());
    assertThat(original.withMessages(bye).extra()).isSameAs(original.extra());
  }

  @Test
  void theOutputTokenCapFillsTheChosenFieldOnlyWhenNoLimitIsSet() {
    ChatRequest open = full().toBuilder().maxTokens(null).maxCompletionTokens(null).build();

    assertThat(open.withOutputTokenCap(64, false)).isEqualTo(open.toBuilder().maxTokens(64).build());
    assertThat(open.withOutputTokenCap(64, true)).isEqualTo(open.toBuilder().maxCompletionTokens(64).build());
    assertThat(open.withOutputTokenCap(null, true)).isSameAs(open);
    assertThat(full().withOutputTokenCap(64, true).maxCompletionTokens()).isEqualTo(20);
  }

  @Test
  void theJsonOfABuiltRequestHasTheWireNames() throws Exception {
    var json = new ObjectMapper();
    String written = json.writeValueAsString(full());

    assertThat(json.readTree(written).properties().stream().map(Map.Entry::getKey).toList()).containsExactly(
        "model", "messages", "stream", "stream_options", "temperature", "top_p", "max_tokens",
        "max_completion_tokens", "n", "seed", "stop", "tools", "tool_choice", "parallel_tool_calls",
        "response_format", "user", "metadata", "top_k");
    assertThat(json.readValue(written, ChatRequest.class)).isEqualTo(full());
  }
}
