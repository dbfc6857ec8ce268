package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A tool call made by the assistant. In streamed deltas {@code index} says which call a fragment belongs to (when a
 * server leaves it out, {@link ToolCallIndexes} says) and
 * {@code function.arguments} carries a fragment of the JSON arguments. Fields Apprentice does not read are kept in
 * {@code extra}, here and in the function, and written back: Gemini's OpenAI-compatible API puts a call's
 * {@code extra_content.google.thought_signature} here and refuses the next turn unless it comes back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(
    Integer index,
    String id,
    String type,
    FunctionCall function,
    @JsonIgnore Map<String, Object> extra) {

  public ToolCall {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  public ToolCall(Integer index, String id, String type, FunctionCall function) {
    this(index, id, type, function, null);
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static ToolCall fromJson(
      @JsonProperty("index") Integer index,
      @JsonProperty("id") String id,
      @JsonProperty("type") String type,
      @JsonProperty("function") FunctionCall function) {
    return new ToolCall(index, id, type, function, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  public static ToolCall function(String id, String name, String arguments) {
    return new ToolCall(null, id, "function", new FunctionCall(name, arguments));
  }

  /**
   * A new id for a call a server answered without one ({@code call_} and 32 random hex digits, as OpenAI's look): the
   * one generator of such ids, so that a call has the same kind of id whichever API or step named it.
   */
  public static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "call_" + HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
  }

  /** This call with other arguments (a function with null name when it had none), every other field kept. */
  public ToolCall withArguments(String arguments) {
    FunctionCall f = function == null ? new FunctionCall(null, arguments) : function.withArguments(arguments);
    return new ToolCall(index, id, type, f, extra);
  }

  /** The function a call names; fields Apprentice does not read are kept in {@code extra}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionCall(
      String name,
      String arguments,
      @JsonIgnore Map<String, Object> extra) {

    public FunctionCall {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public FunctionCall(String name, String arguments) {
      this(name, arguments, null);
    }

    /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
    @JsonCreator
    private static FunctionCall fromJson(
        @JsonProperty("name") String name,
        @JsonProperty("arguments") String arguments) {
      return new FunctionCall(name, arguments, null);
    }

    @JsonAnySetter
    private void unknownField(String field, Object value) {
      extra.put(field, value);
    }

    @JsonAnyGetter
    private Map<String, Object> unknownFields() {
      return extra;
    }

    public FunctionCall withArguments(String newArguments) {
      return new FunctionCall(name, newArguments, extra);
    }
  }
}
