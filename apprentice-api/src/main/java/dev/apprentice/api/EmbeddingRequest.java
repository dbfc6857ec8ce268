package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OpenAI embeddings request; {@code input} is normalised to a list of strings by the server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(
    String model,
    List<String> input,
    @JsonProperty("encoding_format") String encodingFormat,
    Integer dimensions,
    String user,
    @JsonAnySetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

  public EmbeddingRequest {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  @JsonAnyGetter
  @Override
  public Map<String, Object> extra() {
    return extra;
  }

  public EmbeddingRequest withModel(String newModel) {
    return new EmbeddingRequest(newModel, input, encodingFormat, dimensions, user, extra);
  }

  /** The same request with other texts (a guard's redacted ones). */
  public EmbeddingRequest withInput(List<String> newInput) {
    return new EmbeddingRequest(model, newInput, encodingFormat, dimensions, user, extra);
  }
}
