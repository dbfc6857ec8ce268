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

/** One {@code chat.completion.chunk} of a streamed answer. The usage-only chunk has no choices. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatChunk(
    String id,
    String object,
    Long created,
    String model,
    List<Choice> choices,
    Usage usage,
    @JsonProperty("system_fingerprint") String systemFingerprint,
    @JsonIgnore Map<String, Object> extra) {

  public static final String OBJECT = "chat.completion.chunk";

  public ChatChunk {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static ChatChunk fromJson(
      @JsonProperty("id") String id,
      @JsonProperty("object") String object,
      @JsonProperty("created") Long created,
      @JsonProperty("model") String model,
      @JsonProperty("choices") List<Choice> choices,
      @JsonProperty("usage") Usage usage,
      @JsonProperty("system_fingerprint") String systemFingerprint) {
    return new ChatChunk(id, object, created, model, choices, usage, systemFingerprint, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  public ChatChunk withModel(String newModel) {
    return new ChatChunk(id, object, created, newModel, choices, usage, systemFingerprint, extra);
  }

  public ChatChunk withoutUsage() {
    return new ChatChunk(id, object, created, model, choices, null, systemFingerprint, extra);
  }

  /** A chunk of this one's stream (its id, model, ...) that carries {@code usage} and no choices. */
  public ChatChunk usageChunk(Usage usage) {
    return new ChatChunk(id, OBJECT, created, model, List.of(), usage, systemFingerprint, null);
  }

  /** True for the trailing chunk that carries only usage (OpenAI's {@code include_usage} chunk). */
  public boolean usageOnly() {
    return usage != null && (choices == null || choices.isEmpty());
  }

  /**
   * True when the chunk is part of the answer: text, a tool call, a refusal, a finish reason, any other non-empty
   * delta field (such as reasoning text), or the usage-only chunk that closes a finished answer. An empty role chunk,
   * or a chunk without choices that carries no usage, is not.
   */
  public boolean carriesOutput() {
    if (usageOnly()) return true;
    if (choices == null) return false;
    for (Choice choice : choices) {
      if (choice.finishReason() != null) return true;
      Delta delta = choice.delta();
      if (delta == null) continue;
      if (present(delta.content()) || present(delta.toolCalls()) || present(delta.refusal())) return true;
      for (Object value : delta.extra().values()) {
        if (present(value)) return true;
      }
    }
    return false;
  }

  private static boolean present(Object value) {
    return switch (value) {
      case null -> false;
      case String s -> !s.isEmpty();
      case java.util.Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }

  /**
   * One choice's part of a chunk; fields Apprentice does not read (Azure's {@code content_filter_results} ...) are
   * kept in extra, as a whole answer's are, so a chunk the gateway re-encodes still carries them.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Choice(
      int index,
      Delta delta,
      @JsonProperty("finish_reason") String finishReason,
      Object logprobs,
      @JsonIgnore Map<String, Object> extra) {

    public Choice {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public Choice(int index, Delta delta, String finishReason, Object logprobs) {
      this(index, delta, finishReason, logprobs, null);
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static Choice fromJson(
        @JsonProperty("index") int index,
        @JsonProperty("delta") Delta delta,
        @JsonProperty("finish_reason") String finishReason,
        @JsonProperty("logprobs") Object logprobs) {
      return new Choice(index, delta, finishReason, logprobs, null);
    }

    @JsonAnySetter
    private void unknownField(String field, Object value) {
      extra.put(field, value);
    }

    @JsonAnyGetter
    private Map<String, Object> unknownFields() {
      return extra;
    }
  }

  /** The incremental part of a message. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(
      String role,
      String content,
      @JsonProperty("tool_calls") List<ToolCall> toolCalls,
      String refusal,
      @JsonIgnore Map<String, Object> extra) {

    public Delta {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static Delta fromJson(
        @JsonProperty("role") String role,
        @JsonProperty("content") String content,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @JsonProperty("refusal") String refusal) {
      return new Delta(role, content, toolCalls, refusal, null);
    }

    @JsonAnySetter
    private void unknownField(String field, Object value) {
      extra.put(field, value);
    }

    @JsonAnyGetter
    private Map<String, Object> unknownFields() {
      return extra;
    }

    public static Delta text(String content) {
      return new Delta(null, content, null, null, null);
    }
  }
}
