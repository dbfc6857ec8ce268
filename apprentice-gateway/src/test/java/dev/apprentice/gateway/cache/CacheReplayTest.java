package dev.apprentice.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.AnswerChunks;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.gateway.accounting.StreamAssembler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer kept for the cache and played back keeps what its deltas carried beside the text, and a cached
 * answer played back as a stream keeps the fields the gateway does not read.
 */
class CacheReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Object> THINKING =
      Map.of("type", "thinking", "thinking", "Check the weather. Then answer.", "signature", "EqQBCgIYAhIM9kLp");
  private static final Map<String, Object> REDACTED = Map.of("type", "redacted_thinking", "data", "EmwKAhgB");

  @Test
  void aStreamedAnswersThinkingIsKeptInTheMessageAndPlayedBackInTheFirstDelta() {
    StreamAssembler assembler = new StreamAssembler();
    assembler.add(chunk(new ChatChunk.Delta("assistant", "", null, null, null), null));
    assembler.add(chunk(extra("thinking_blocks", List.of(REDACTED)), null));
    assembler.add(chunk(extra("reasoning_content", "Check the weather. "), null));
    assembler.add(chunk(extra("reasoning_content", "Then answer."), null));
    assembler.add(chunk(extra("thinking_blocks", List.of(THINKING)), null));
    var call = new ToolCall(0, "toolu_1", "function", new ToolCall.FunctionCall("get_weather", "{\"city\":\"Rome\"}"));
    assembler.add(chunk(new ChatChunk.Delta(null, null, List.of(call), null, null), null));
    assembler.add(chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls"));

    ChatResponse kept = assembler.response();
    Message message = kept.choices().getFirst().message();
    List<ChatChunk> replay = AnswerChunks.of(kept);

    assertThat(message.extra()).containsExactly(Map.entry("reasoning_content", "Check the weather. Then answer."),
        Map.entry("thinking_blocks", List.of(REDACTED, THINKING)));
    assertThat(message.toolCalls()).hasSize(1);
    assertThat(replay.getFirst().choices().getFirst().delta().extra()).isEqualTo(message.extra());
    assertThat(replay.getFirst().choices().getFirst().delta().toolCalls()).hasSize(1);
  }

  @Test
  void aStreamedLegacyFunctionCallIsJoinedIntoTheMessageAsANonStreamedAnswerHoldsItAndPlayedBack() {
    StreamAssembler assembler = new StreamAssembler();
    assembler.add(chunk(new ChatChunk.Delta("assistant", null, null, null, null), null));
    assembler.add(chunk(extra("function_call", Map.of("name", "send_mail", "arguments", "")), null));
    assembler.add(chunk(extra("function_call", Map.of("arguments", "{\"to\":\"jane.doe@")), null));
    assembler.add(chunk(extra("function_call", Map.of("arguments", "example.com\"}")), null));
    assembler.add(chunk(new ChatChunk.Delta(null, null, null, null, null), "function_call"));

    ChatResponse kept = assembler.response();
    Message message = kept.choices().getFirst().message();
    List<ChatChunk> replay = AnswerChunks.of(kept);

    assertThat(message.content()).isNull();
    assertThat(message.extra()).containsExactly(Map.entry("function_call",
        Map.of("name", "send_mail", "arguments", "{\"to\":\"jane.doe@example.com\"}")));
    assertThat(kept.choices().getFirst().finishReason()).isEqualTo("function_call");
    assertThat(replay.getFirst().choices().getFirst().delta().extra()).isEqualTo(message.extra());
  }

  @Test
  void fieldsOfAStreamedToolCallThatTheGatewayDoesNotReadAreKeptAndPlayedBack() {
    Map<String, Object> signature = Map.of("google", Map.of("thought_signature", "CiQBcsjafQ=="));
    var opening = new ToolCall(0, "call_1", "function", new ToolCall.FunctionCall("get_weather", "",
        new LinkedHashMap<>(Map.of("x_function", true))), new LinkedHashMap<>(Map.of("extra_content", signature)));
    var rest = new ToolCall(0, null, null, new ToolCall.FunctionCall(null, "{\"city\":\"Rome\"}"));
    StreamAssembler assembler = new StreamAssembler();
    assembler.add(chunk(new ChatChunk.Delta("assistant", null, List.of(opening), null, null), null));
    assembler.add(chunk(new ChatChunk.Delta(null, null, List.of(rest), null, null), null));
    assembler.add(chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls"));

    ToolCall kept = assembler.response().choices().getFirst().message().toolCalls().getFirst();
    ToolCall replayed = AnswerChunks.of(assembler.response()).stream()
        .flatMap(c -> c.choices().stream()).map(ChatChunk.Choice::delta)
        .filter(d -> d.toolCalls() != null).findFirst().orElseThrow().toolCalls().getFirst();

    assertThat(kept.extra()).containsExactly(Map.entry("extra_content", signature));
    assertThat(kept.function().extra()).containsExactly(Map.entry("x_function", true));
    assertThat(kept.function().arguments()).isEqualTo("{\"city\":\"Rome\"}");
    assertThat(replayed.extra()).isEqualTo(kept.extra());
    assertThat(replayed.function()).isEqualTo(kept.function());
  }

  @Test
  void fieldsOfACachedAnswerThatTheGatewayDoesNotReadArePlayedBackWhereAStreamCarriesThem() throws Exception {
    ChatResponse kept = JSON.readValue("""
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","service_tier":"priority",
         "prompt_filter_results":[{"prompt_index":0}],
         "choices":[{"index":0,"finish_reason":"stop","content_filter_results":{"hate":{"filtered":false}},
           "message":{"role":"assistant","content":"See the docs.","annotations":[{"type":"url_citation"}],
             "reasoning_content":"Look it up."}}],
         "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}
        """, ChatResponse.class);

    List<ChatChunk> replay = AnswerChunks.of(kept);

    assertThat(replay).hasSize(3).allSatisfy(c -> assertThat(c.extra())
        .containsEntry("service_tier", "priority").containsKey("prompt_filter_results"));
    assertThat(replay.getFirst().choices().getFirst().delta().extra())
        .containsEntry("annotations", List.of(Map.of("type", "url_citation")))
        .containsEntry("reasoning_content", "Look it up.");
    assertThat(replay.get(1).choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(replay.get(1).choices().getFirst().extra())
        .containsEntry("content_filter_results", Map.of("hate", Map.of("filtered", false)));
    StreamAssembler again = new StreamAssembler();
    replay.forEach(again::add);
    assertThat(again.response().extra()).isEqualTo(kept.extra());
    assertThat(again.response().choices().getFirst().extra()).isEqualTo(kept.choices().getFirst().extra());
  }

  private static ChatChunk.Delta extra(String field, Object value) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put(field, value);
    return new ChatChunk.Delta(null, null, null, null, extra);
  }

  private static ChatChunk chunk(ChatChunk.Delta delta, String finishReason) {
    return new ChatChunk("chatcmpl-1", ChatChunk.OBJECT, 1L, "claude-sonnet-4-5",
        List.of(new ChatChunk.Choice(0, delta, finishReason, null)), null, null, null);
  }
}
