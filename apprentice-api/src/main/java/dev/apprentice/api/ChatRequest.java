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

/**
 * An OpenAI chat completion request. Fields the gateway reads are typed; every other field lands in
 * {@link #extra()} and is passed through unchanged to OpenAI-type upstreams.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(
    String model,
    List<Message> messages,
    Boolean stream,
    @JsonProperty("stream_options") StreamOptions streamOptions,
    Double temperature,
    @JsonProperty("top_p") Double topP,
    @JsonProperty("max_tokens") Integer maxTokens,
    @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
    Integer n,
    Long seed,
    Object stop,
    List<Tool> tools,
    @JsonProperty("tool_choice") Object toolChoice,
    @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
    @JsonProperty("response_format") Map<String, Object> responseFormat,
    String user,
    Map<String, Object> metadata,
    @JsonIgnore Map<String, Object> extra) {

  public ChatRequest {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static ChatRequest fromJson(
      @JsonProperty("model") String model,
      @JsonProperty("messages") List<Message> messages,
      @JsonProperty("stream") Boolean stream,
      @JsonProperty("stream_options") StreamOptions streamOptions,
      @JsonProperty("temperature") Double temperature,
      @JsonProperty("top_p") Double topP,
      @JsonProperty("max_tokens") Integer maxTokens,
      @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
      @JsonProperty("n") Integer n,
      @JsonProperty("seed") Long seed,
      @JsonProperty("stop") Object stop,
      @JsonProperty("tools") List<Tool> tools,
      @JsonProperty("tool_choice") Object toolChoice,
      @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
      @JsonProperty("response_format") Map<String, Object> responseFormat,
      @JsonProperty("user") String user,
      @JsonProperty("metadata") Map<String, Object> metadata) {
    return new ChatRequest(model, messages, stream, streamOptions, temperature, topP, maxTokens, maxCompletionTokens, n,
        seed, stop, tools, toolChoice, parallelToolCalls, responseFormat, user, metadata, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  public boolean streaming() {
    return Boolean.TRUE.equals(stream);
  }

  /** The output token limit the caller asked for, whichever of the two OpenAI fields carries it. */
  public Integer outputTokenLimit() {
    return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
  }

  /** True when {@code modalities} asks for spoken output ({@code ["text", "audio"]}), which only some models give. */
  public boolean asksForAudio() {
    return !extra.isEmpty() && extra.get("modalities") instanceof List<?> modalities && modalities.contains("audio");
  }

  /** Stop sequences as a list, whether the caller sent one string or an array. */
  public List<String> stopSequences() {
    if (stop == null) return List.of();
    if (stop instanceof String s) return List.of(s);
    if (stop instanceof List<?> list) return list.stream().map(String::valueOf).toList();
    return List.of(String.valueOf(stop));
  }

  /** A new request, every field unset. */
  public static ChatRequestBuilder builder() {
    return new ChatRequestBuilder();
  }

  /** A builder holding this request's fields ({@code extra} the same map, not a copy). */
  public ChatRequestBuilder toBuilder() {
    return new ChatRequestBuilder(this);
  }

  /**
   * This request with an output limit of {@code cap} tokens per choice when it sets none ({@code max_tokens}, or
   * {@code max_completion_tokens} when {@code completionTokensField}); unchanged when it sets one or cap is null.
   */
  public ChatRequest withOutputTokenCap(Integer cap, boolean completionTokensField) {
    if (cap == null || outputTokenLimit() != null) return this;
    return toBuilder()
        .maxTokens(completionTokensField ? null : cap)
        .maxCompletionTokens(completionTokensField ? cap : null)
        .build();
  }

  public ChatRequest withModel(String newModel) {
    return toBuilder().model(newModel).build();
  }

  public ChatRequest withMessages(List<Message> newMessages) {
    return toBuilder().messages(newMessages).build();
  }

  /**
   * {@code stream_options} of a streaming request; its other fields ({@code include_obfuscation} ...) are kept in
   * {@code extra} and passed through.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StreamOptions(
      @JsonProperty("include_usage") Boolean includeUsage,
      @JsonIgnore Map<String, Object> extra) {

    public StreamOptions {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public StreamOptions(Boolean includeUsage) {
      this(includeUsage, null);
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static StreamOptions fromJson(@JsonProperty("include_usage") Boolean includeUsage) {
      return new StreamOptions(includeUsage, null);
    }

    @JsonAnySetter
    private void unknownField(String field, Object value) {
      extra.put(field, value);
    }

    @JsonAnyGetter
    private Map<String, Object> unknownFields() {
      return extra;
    }

    public boolean usageRequested() {
      return Boolean.TRUE.equals(includeUsage);
    }

    /** These options asking for usage, the other fields kept. */
    public StreamOptions withUsage() {
      return usageRequested() ? this : new StreamOptions(true, extra);
    }
  }
}
