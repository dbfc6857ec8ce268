package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
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
    @JsonAnySetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

  public Tool {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  public Tool(String type, Function function) {
    this(type, function, null);
  }

  @JsonAnyGetter
  @Override
  public Map<String, Object> extra() {
    return extra;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Function(
      String name,
      String description,
      Map<String, Object> parameters,
      Boolean strict,
      @JsonAnySetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

    public Function {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public Function(String name, String description, Map<String, Object> parameters, Boolean strict) {
      this(name, description, parameters, strict, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> extra() {
      return extra;
    }
  }
}
