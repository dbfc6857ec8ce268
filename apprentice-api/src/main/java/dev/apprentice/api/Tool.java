package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A tool the model may call; only {@code function} tools are defined by the OpenAI API today. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tool(String type, Function function) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Function(String name, String description, Map<String, Object> parameters, Boolean strict) {}
}
