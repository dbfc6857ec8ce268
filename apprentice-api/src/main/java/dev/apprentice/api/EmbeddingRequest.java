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
 * An OpenAI embeddings request. Its {@code input} is texts, normalised to a list of strings by the server, or token
 * ids ({@link #tokenIds}, then {@link #input} is empty); either is written as {@code input}. Fields the gateway does
 * not know are kept in {@code extra} and written back, so that they reach an OpenAI-type upstream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(
    String model,
    @JsonIgnore List<String> input,
    @JsonProperty("encoding_format") String encodingFormat,
    Integer dimensions,
    String user,
    @JsonIgnore Map<String, Object> extra,
    @JsonIgnore TokenIds tokenIds) {

  public EmbeddingRequest {
    extra = extra == null ? new LinkedHashMap<>() : extra;
    if (tokenIds != null) input = List.of();
  }

  /** A request to embed texts. */
  public EmbeddingRequest(String model, List<String> input, String encodingFormat, Integer dimensions, String user,
      Map<String, Object> extra) {
    this(model, input, encodingFormat, dimensions, user, extra, null);
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static EmbeddingRequest fromJson(
      @JsonProperty("model") String model,
      @JsonProperty("input") List<String> input,
      @JsonProperty("encoding_format") String encodingFormat,
      @JsonProperty("dimensions") Integer dimensions,
      @JsonProperty("user") String user) {
    return new EmbeddingRequest(model, input, encodingFormat, dimensions, user, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  /** What is written as {@code input}: the token ids when the request has them, else the texts. */
  @JsonProperty("input")
  public Object wireInput() {
    return tokenIds != null ? tokenIds : input;
  }

  public EmbeddingRequest withModel(String newModel) {
    return new EmbeddingRequest(newModel, input, encodingFormat, dimensions, user, extra, tokenIds);
  }

  /** The same request with other texts (a guard's redacted ones). */
  public EmbeddingRequest withInput(List<String> newInput) {
    return new EmbeddingRequest(model, newInput, encodingFormat, dimensions, user, extra, null);
  }

  /** The same request asking for vectors in another encoding. */
  public EmbeddingRequest withEncodingFormat(String format) {
    return new EmbeddingRequest(model, input, format, dimensions, user, extra, tokenIds);
  }
}
