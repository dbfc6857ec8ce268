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

/** A complete (non-streamed) OpenAI chat completion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatResponse(
    String id,
    String object,
    Long created,
    String model,
    List<Choice> choices,
    Usage usage,
    @JsonProperty("system_fingerprint") String systemFingerprint,
    @JsonIgnore Map<String, Object> extra) {

  public ChatResponse {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static ChatResponse fromJson(
      @JsonProperty("id") String id,
      @JsonProperty("object") String object,
      @JsonProperty("created") Long created,
      @JsonProperty("model") String model,
      @JsonProperty("choices") List<Choice> choices,
      @JsonProperty("usage") Usage usage,
      @JsonProperty("system_fingerprint") String systemFingerprint) {
    return new ChatResponse(id, object, created, model, choices, usage, systemFingerprint, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  public ChatResponse withModel(String newModel) {
    return new ChatResponse(id, object, created, newModel, choices, usage, systemFingerprint, extra);
  }

  public ChatResponse withUsage(Usage newUsage) {
    return new ChatResponse(id, object, created, model, choices, newUsage, systemFingerprint, extra);
  }

  /** The first choice's message text, or "" when there is none. */
  public String text() {
    return choices == null || choices.isEmpty() || choices.getFirst().message() == null
        ? "" : choices.getFirst().message().text();
  }

  /** One choice; fields Apprentice does not read (Azure's {@code content_filter_results} ...) are kept in extra. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Choice(
      int index,
      Message message,
      @JsonProperty("finish_reason") String finishReason,
      Object logprobs,
      @JsonIgnore Map<String, Object> extra) {

    public Choice {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public Choice(int index, Message message, String finishReason, Object logprobs) {
      this(index, message, finishReason, logprobs, null);
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static Choice fromJson(
        @JsonProperty("index") int index,
        @JsonProperty("message") Message message,
        @JsonProperty("finish_reason") String finishReason,
        @JsonProperty("logprobs") Object logprobs) {
      return new Choice(index, message, finishReason, logprobs, null);
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
}
