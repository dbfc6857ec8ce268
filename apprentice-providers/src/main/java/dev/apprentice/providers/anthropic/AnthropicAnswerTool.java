package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code response_format} {@code json_schema} / {@code json_object} as Anthropic's forced tool: the schema is
 * the {@code input_schema} of one tool, {@code tool_choice} makes Claude call it (once), and the input it calls it with
 * is the answer's JSON. Anthropic wants an {@code input_schema} whose root is {@code "type": "object"} without a
 * top-level {@code oneOf}, {@code anyOf} or {@code allOf}: another schema (an array, a string, a union) is wrapped as
 * the one required property {@value #WRAPPER} of an object, its {@code $defs}, {@code definitions} and
 * {@code $schema} moved up beside it so that {@code #/$defs/...} references still resolve, and the answer is that
 * property's value. A schema with a reference to anything else under its root cannot be wrapped: see
 * {@link #of(Map)}.
 *
 * @param name        the tool's name: {@code json_schema.name}, or {@value #DEFAULT_NAME} when there is none or it is
 *                    not a name Anthropic takes
 * @param description what the tool tells Claude: {@code json_schema.description}, or a line saying it is the answer
 * @param inputSchema the tool's {@code input_schema}
 * @param wrapped     the caller's schema is the {@value #WRAPPER} property of {@code inputSchema}
 */
record AnthropicAnswerTool(String name, String description, ObjectNode inputSchema, boolean wrapped) {

  static final String DEFAULT_NAME = "json_answer";
  static final String WRAPPER = "value";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final String DESCRIPTION = "Give your whole answer to the user as this tool's input, which must "
      + "follow its schema.";
  private static final String WRAPPED = " The answer itself goes in the '" + WRAPPER + "' property.";
  private static final List<String> HOISTED = List.of("$schema", "$defs", "definitions");
  private static final List<String> UNIONS = List.of("oneOf", "anyOf", "allOf");

  /**
   * The forced tool for a {@code response_format} asking for JSON; null for {@code text} or none, and for a schema
   * that is not an object and refers to a part of itself other than its {@code $defs} or {@code definitions} (such as
   * {@code "$ref": "#"}), which wrapping would break: that one is asked for in the system prompt instead.
   * The format is one {@link AnthropicRequests#responseFormatInstruction} accepts.
   */
  static AnthropicAnswerTool of(Map<String, Object> responseFormat) {
    if (responseFormat == null) return null;
    Object type = responseFormat.get("type");
    if ("json_object".equals(type)) {
      ObjectNode schema = MAPPER.createObjectNode().put("type", "object");
      return new AnthropicAnswerTool(DEFAULT_NAME, DESCRIPTION, schema, false);
    }
    if (!"json_schema".equals(type) || !(responseFormat.get("json_schema") instanceof Map<?, ?> spec)
        || !(spec.get("schema") instanceof Map<?, ?> given)) {
      return null;
    }
    String name = spec.get("name") instanceof String n && NAME.matcher(n).matches() ? n : DEFAULT_NAME;
    String description = spec.get("description") instanceof String d && !d.isBlank() ? d : DESCRIPTION;
    ObjectNode schema = MAPPER.valueToTree(given);
    if (objectRoot(schema)) return new AnthropicAnswerTool(name, description, schema, false);
    if (!refersOnlyToDefinitions(schema)) return null;
    return new AnthropicAnswerTool(name, description + WRAPPED, wrap(schema), true);
  }

  /** The tool, for the request's {@code tools}. */
  ObjectNode definition() {
    ObjectNode tool = MAPPER.createObjectNode();
    tool.put("name", name);
    tool.put("description", description);
    tool.set("input_schema", inputSchema);
    return tool;
  }

  /** The request's {@code tool_choice}: this tool, called once. */
  ObjectNode choice() {
    return MAPPER.createObjectNode().put("type", "tool").put("name", name).put("disable_parallel_tool_use", true);
  }

  /** The answer's JSON text, from the input Claude called the tool with. */
  String answer(JsonNode input) {
    if (wrapped && input != null && input.isObject() && input.has(WRAPPER)) {
      return AnthropicResponses.compact(input.get(WRAPPER));
    }
    return AnthropicResponses.compact(input);
  }

  /**
   * The answer's JSON text, from the input's JSON text as streamed; a wrapped input that is not JSON (a stream cut
   * short) is given as it came.
   */
  String answer(String inputJson) {
    if (!wrapped) return inputJson;
    try {
      return answer(MAPPER.readTree(inputJson));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return inputJson;
    }
  }

  /** True for a tool_use block that calls this tool. */
  boolean calledBy(JsonNode block) {
    return name.equals(block.path("name").asText());
  }

  private static boolean objectRoot(ObjectNode schema) {
    return "object".equals(schema.path("type").asText(null)) && UNIONS.stream().noneMatch(schema::has);
  }

  private static ObjectNode wrap(ObjectNode schema) {
    ObjectNode wrapper = MAPPER.createObjectNode();
    for (String key : HOISTED) {
      if (schema.has(key)) wrapper.set(key, schema.remove(key));
    }
    wrapper.put("type", "object");
    wrapper.putObject("properties").set(WRAPPER, schema);
    wrapper.putArray("required").add(WRAPPER);
    wrapper.put("additionalProperties", false);
    return wrapper;
  }

  /** True when every local {@code $ref} of the schema points into its {@code $defs} or {@code definitions}. */
  private static boolean refersOnlyToDefinitions(JsonNode node) {
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (!refersOnlyToDefinitions(item)) return false;
      }
      return true;
    }
    if (!node.isObject()) return true;
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isTextual() && ref.asText().startsWith("#")
        && !ref.asText().startsWith("#/$defs/") && !ref.asText().startsWith("#/definitions/")) {
      return false;
    }
    for (var field : node.properties()) {
      if (!refersOnlyToDefinitions(field.getValue())) return false;
    }
    return true;
  }
}
