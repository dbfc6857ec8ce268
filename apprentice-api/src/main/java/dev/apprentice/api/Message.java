package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One chat message: system, developer, user, assistant or tool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
    String role,
    Content content,
    String name,
    @JsonProperty("tool_calls") List<ToolCall> toolCalls,
    @JsonProperty("tool_call_id") String toolCallId,
    String refusal,
    @JsonIgnore Map<String, Object> extra) {

  public Message {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /**
   * Jackson's creator: the fields Apprentice reads; every other field, whatever its name and JSON type, goes
   * to {@code unknownField}. Not the canonical constructor, whose any-setter map Jackson would also take as
   * the value of a field named {@code extra} (a 400 for {@code "extra": 1}). Every record with extra does so.
   */
  @JsonCreator
  private static Message fromJson(
      @JsonProperty("role") String role,
      @JsonProperty("content") Content content,
      @JsonProperty("name") String name,
      @JsonProperty("tool_calls") List<ToolCall> toolCalls,
      @JsonProperty("tool_call_id") String toolCallId,
      @JsonProperty("refusal") String refusal) {
    return new Message(role, content, name, toolCalls, toolCallId, refusal, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  /** The message (and delta) field with a model's thinking text (LiteLLM's name; Anthropic's extended thinking). */
  public static final String REASONING_CONTENT = "reasoning_content";
  /** The message (and delta) field with a model's thinking blocks, signed, as Anthropic sent them. */
  public static final String THINKING_BLOCKS = "thinking_blocks";

  public static Message system(String text) {
    return new Message("system", Content.text(text), null, null, null, null, null);
  }

  public static Message user(String text) {
    return new Message("user", Content.text(text), null, null, null, null, null);
  }

  public static Message assistant(String text) {
    return new Message("assistant", Content.text(text), null, null, null, null, null);
  }

  public static Message assistant(String text, List<ToolCall> toolCalls) {
    return new Message("assistant", text == null ? null : Content.text(text), null, toolCalls, null, null, null);
  }

  public static Message tool(String toolCallId, String text) {
    return new Message("tool", Content.text(text), null, null, toolCallId, null, null);
  }

  /** The concatenated text of this message's content, or "" when it has none. */
  public String text() {
    return content == null ? "" : content.asText();
  }
}
