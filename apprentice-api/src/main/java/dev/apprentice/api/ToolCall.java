package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tool call made by the assistant. In streamed deltas {@code index} says which call a fragment belongs to and
 * {@code function.arguments} carries a fragment of the JSON arguments.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(Integer index, String id, String type, FunctionCall function) {

  public static ToolCall function(String id, String name, String arguments) {
    return new ToolCall(null, id, "function", new FunctionCall(name, arguments));
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionCall(String name, String arguments) {}
}
