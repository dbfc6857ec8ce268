package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.apprentice.api.trace.Tokens;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token usage as OpenAI reports it. Anthropic's cache writes are carried in
 * {@code prompt_tokens_details.cache_write_tokens} (an Apprentice extension); cache reads in {@code cached_tokens}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(
    @JsonProperty("prompt_tokens") int promptTokens,
    @JsonProperty("completion_tokens") int completionTokens,
    @JsonProperty("total_tokens") int totalTokens,
    @JsonProperty("prompt_tokens_details") PromptDetails promptTokensDetails,
    @JsonProperty("completion_tokens_details") CompletionDetails completionTokensDetails,
    @JsonIgnore Map<String, Object> extra) {

  public Usage {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static Usage fromJson(
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens,
      @JsonProperty("prompt_tokens_details") PromptDetails promptTokensDetails,
      @JsonProperty("completion_tokens_details") CompletionDetails completionTokensDetails) {
    return new Usage(promptTokens, completionTokens, totalTokens, promptTokensDetails, completionTokensDetails, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  public static Usage of(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, null, null, null);
  }

  /**
   * The usage of tokens the gateway counted itself (an upstream that reported none) or booked from a cache hit,
   * {@link #tokens()} the other way: the details objects as the gateway writes them, {@code cached_tokens} and
   * {@code cache_write_tokens}, {@code reasoning_tokens}, zeros included. Null counts (none booked) are zeros.
   */
  public static Usage counted(Tokens tokens) {
    Tokens t = tokens == null ? Tokens.NONE : tokens;
    return new Usage(t.input(), t.output(), t.total(), new PromptDetails(t.cachedInput(), t.cacheWrite(), null),
        new CompletionDetails(t.reasoning(), null), null);
  }

  public int cachedTokens() {
    return promptTokensDetails == null || promptTokensDetails.cachedTokens() == null ? 0 : promptTokensDetails.cachedTokens();
  }

  public int reasoningTokens() {
    return completionTokensDetails == null || completionTokensDetails.reasoningTokens() == null
        ? 0 : completionTokensDetails.reasoningTokens();
  }

  /** Prompt tokens written to the provider's prompt cache (Anthropic's), 0 where none were reported. */
  public int cacheWriteTokens() {
    return promptTokensDetails == null || promptTokensDetails.cacheWriteTokens() == null
        ? 0 : promptTokensDetails.cacheWriteTokens();
  }

  /** These counts split the way they are priced. */
  public Tokens tokens() {
    return new Tokens(promptTokens, completionTokens, cachedTokens(), cacheWriteTokens(), reasoningTokens());
  }

  /** The prompt's token breakdown; counts Apprentice does not read are kept in {@link #extra()} and passed on. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PromptDetails(
      @JsonProperty("cached_tokens") Integer cachedTokens,
      @JsonProperty("cache_write_tokens") Integer cacheWriteTokens,
      @JsonProperty("audio_tokens") Integer audioTokens,
      @JsonIgnore Map<String, Object> extra) {

    public PromptDetails {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public PromptDetails(Integer cachedTokens, Integer cacheWriteTokens, Integer audioTokens) {
      this(cachedTokens, cacheWriteTokens, audioTokens, null);
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static PromptDetails fromJson(
        @JsonProperty("cached_tokens") Integer cachedTokens,
        @JsonProperty("cache_write_tokens") Integer cacheWriteTokens,
        @JsonProperty("audio_tokens") Integer audioTokens) {
      return new PromptDetails(cachedTokens, cacheWriteTokens, audioTokens, null);
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

  /**
   * The completion's token breakdown; counts Apprentice does not read ({@code accepted_prediction_tokens},
   * {@code rejected_prediction_tokens} ...) are kept in {@link #extra()} and passed on.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CompletionDetails(
      @JsonProperty("reasoning_tokens") Integer reasoningTokens,
      @JsonProperty("audio_tokens") Integer audioTokens,
      @JsonIgnore Map<String, Object> extra) {

    public CompletionDetails {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public CompletionDetails(Integer reasoningTokens, Integer audioTokens) {
      this(reasoningTokens, audioTokens, null);
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static CompletionDetails fromJson(
        @JsonProperty("reasoning_tokens") Integer reasoningTokens,
        @JsonProperty("audio_tokens") Integer audioTokens) {
      return new CompletionDetails(reasoningTokens, audioTokens, null);
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
