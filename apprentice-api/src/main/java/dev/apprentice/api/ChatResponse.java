package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
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
    @JsonAnySetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

  public ChatResponse {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  @JsonAnyGetter
  @Override
  public Map<String, Object> extra() {
    return extra;
  }

  public ChatResponse withModel(String newModel) {
    return new ChatResponse(id, object, created, newModel, choices, usage, systemFingerprint, extra);
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
      @JsonAnySetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

    public Choice {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public Choice(int index, Message message, String finishReason, Object logprobs) {
      this(index, message, finishReason, logprobs, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> extra() {
      return extra;
    }
  }
}
