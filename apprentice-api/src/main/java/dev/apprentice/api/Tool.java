package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tool the model may call; only {@code function} tools are defined by the OpenAI API today. Fields Apprentice does
 * not read (a tool's {@code cache_control} for Anthropic's prompt caching, a vendor's own) are kept in {@code extra},
 * here and in the function, and passed on to OpenAI-type upstreams.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tool(
    String type,
    Function function,
    @JsonIgnore Map<String, Object> extra) {

  public Tool {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  public Tool(String type, Function function) {
    this(type, function, null);
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static Tool fromJson(@JsonProperty("type") String type, @JsonProperty("function") Function function) {
    return new Tool(type, function, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Function(
      String name,
      String description,
      Map<String, Object> parameters,
      Boolean strict,
      @JsonIgnore Map<String, Object> extra) {

    public Function {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public Function(String name, String description, Map<String, Object> parameters, Boolean strict) {
      this(name, description, parameters, strict, null);
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static Function fromJson(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("parameters") Map<String, Object> parameters,
        @JsonProperty("strict") Boolean strict) {
      return new Function(name, description, parameters, strict, null);
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
