package dev.apprentice.guard;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import java.util.List;
import java.util.Map;

/** Chat requests, answers and chunks for guardrail tests. */
public final class Chats {

  private Chats() {}

  public static ChatRequest request(Message... messages) {
    return request(null, messages);
  }

  public static ChatRequest request(Map<String, Object> responseFormat, Message... messages) {
    return ChatRequest.builder().model("m").messages(List.of(messages)).responseFormat(responseFormat).build();
  }

  public static ChatResponse answer(String text) {
    return answer(Message.assistant(text));
  }

  public static ChatResponse answer(Message message) {
    return new ChatResponse("r1", "chat.completion", 1L, "up", List.of(new ChatResponse.Choice(0, message, "stop",
        null)), null, null, null);
  }

  public static Message toolCall(String id, String name, String arguments) {
    return Message.assistant(null, List.of(ToolCall.function(id, name, arguments)));
  }

  public static ChatChunk chunk(String content) {
    return chunk(0, content);
  }

  /** A chunk of choice {@code choice}'s content (an answer asked for with {@code n} above 1). */
  public static ChatChunk chunk(int choice, String content) {
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up",
        List.of(new ChatChunk.Choice(choice, ChatChunk.Delta.text(content), null, null)), null, null, null);
  }

  public static ChatChunk finish() {
    return finish(0);
  }

  /** Choice {@code choice}'s finish chunk ({@code stop}). */
  public static ChatChunk finish(int choice) {
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up",
        List.of(new ChatChunk.Choice(choice, ChatChunk.Delta.text(null), "stop", null)), null, null, null);
  }

  public static ChatChunk toolArguments(int index, String arguments) {
    ToolCall fragment = new ToolCall(index, null, null, new ToolCall.FunctionCall(null, arguments));
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up", List.of(new ChatChunk.Choice(0,
        new ChatChunk.Delta(null, null, List.of(fragment), null, null), null, null)), null, null, null);
  }

  /** A chunk whose delta carries only {@code field} (beside OpenAI's schema: reasoning_content, function_call). */
  public static ChatChunk extraDelta(String field, Object value) {
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up", List.of(new ChatChunk.Choice(0,
        new ChatChunk.Delta(null, null, null, null, new java.util.LinkedHashMap<>(Map.of(field, value))), null, null)),
        null, null, null);
  }

  /** A json_schema response_format around {@code schema}. */
  public static Map<String, Object> jsonSchema(Map<String, Object> schema) {
    return Map.of("type", "json_schema", "json_schema", Map.of("name", "answer", "strict", true, "schema", schema));
  }

  /** {@code ascii} spelt in invisible tag characters (U+E0000 plus each character's code: "ASCII smuggling"). */
  public static String inTags(String ascii) {
    StringBuilder out = new StringBuilder();
    ascii.chars().forEach(c -> out.appendCodePoint(0xE0000 + c));
    return out.toString();
  }
}
