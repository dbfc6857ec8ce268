package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Responses API's flat function tools, its {@code tool_choice} and its {@code text.format} in their chat forms.
 * Built-in tools ({@code web_search}, {@code file_search}, {@code code_interpreter}, {@code computer_use}, MCP, ...)
 * run inside OpenAI's service; the gateway cannot run them and refuses them, naming the tool, as it refuses any other
 * type but {@code function} (a {@code custom} tool, a misspelt type), saying only that it is not supported.
 */
final class ResponsesTools {

  /** Built-in tools OpenAI's service runs, besides the {@code web_search…} and {@code computer_use…} families. */
  private static final Set<String> HOSTED = Set.of("file_search", "code_interpreter", "image_generation", "mcp");

  private ResponsesTools() {}

  @SuppressWarnings("unchecked")
  static List<Tool> tools(JsonNode tools, ObjectMapper json) {
    if (tools == null || tools.isNull()) return null;
    if (!tools.isArray()) {
      throw GatewayException.invalid("tools", "'tools' must be an array; got " + ResponsesFields.jsonType(tools));
    }
    List<Tool> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String path = "tools[" + i + "]";
      String type = ResponsesFields.requiredText(tool, "type", path);
      if (!type.equals("function")) throw GatewayException.invalid(path + ".type", "'" + path + ".type' " + type
          + (hosted(type) ? " is a built-in tool that runs inside OpenAI's service; the gateway cannot run it and takes"
          + " function tools only" : " is not supported: the gateway takes function tools only"));
      String name = ResponsesFields.requiredText(tool, "name", path);
      if (name.isBlank()) throw GatewayException.invalid(path + ".name", "'" + path + ".name' must not be blank");
      String description = ResponsesFields.optionalText(tool, "description", path);
      JsonNode parameters = tool.get("parameters");
      if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
        throw GatewayException.invalid(path + ".parameters", "'" + path + ".parameters' must be a JSON schema "
            + "object; got " + ResponsesFields.jsonType(parameters));
      }
      Map<String, Object> schema = parameters == null || parameters.isNull() ? null : json.convertValue(parameters, Map.class);
      Boolean strict = ResponsesFields.optionalBool(tool, "strict", path);
      out.add(new Tool("function", new Tool.Function(name, description, schema, strict)));
    }
    return out;
  }

  /**
   * True for the tools OpenAI's service runs itself (web search, file search, the code interpreter, computer use,
   * image generation, remote MCP servers); a {@code custom} tool or a local shell is the client's to run, and a
   * misspelt type is no tool at all.
   */
  private static boolean hosted(String type) {
    return HOSTED.contains(type) || type.startsWith("web_search") || type.startsWith("computer_use");
  }

  /** A mode as it is; {@code {type: function, name}} as chat's {@code {type: function, function: {name}}}. */
  static Object toolChoice(JsonNode choice) {
    if (choice == null || choice.isNull()) return null;
    if (choice.isTextual()) return choice.asText();
    if (!choice.isObject()) {
      throw GatewayException.invalid("tool_choice", "'tool_choice' must be none, auto, required or "
          + "{\"type\": \"function\", \"name\": ...}; got " + ResponsesFields.jsonType(choice));
    }
    String type = ResponsesFields.requiredText(choice, "type", "tool_choice");
    if (!type.equals("function")) {
      throw GatewayException.invalid("tool_choice.type", "'tool_choice.type' " + type + " is not supported: the "
          + "gateway takes function tools only");
    }
    return Map.of("type", "function", "function", Map.of("name", ResponsesFields.requiredText(choice, "name", "tool_choice")));
  }

  /** {@code text.format} as chat's {@code response_format}; {@code json_schema}'s fields move under {@code json_schema}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> responseFormat(JsonNode text, ObjectMapper json) {
    if (text == null || text.isNull()) return null;
    if (!text.isObject()) throw GatewayException.invalid("text", "'text' must be an object; got " + ResponsesFields.jsonType(text));
    JsonNode format = text.get("format");
    if (format == null || format.isNull()) return null;
    if (!format.isObject()) {
      throw GatewayException.invalid("text.format", "'text.format' must be an object; got " + ResponsesFields.jsonType(format));
    }
    String type = ResponsesFields.requiredText(format, "type", "text.format");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    if (type.equals("json_schema")) {
      JsonNode schema = format.get("schema");
      if (schema == null || !schema.isObject()) {
        throw GatewayException.invalid("text.format.schema", "'text.format.schema' is required: a JSON schema object");
      }
      Map<String, Object> jsonSchema = new LinkedHashMap<>();
      jsonSchema.put("name", ResponsesFields.requiredText(format, "name", "text.format"));
      String description = ResponsesFields.optionalText(format, "description", "text.format");
      if (description != null) jsonSchema.put("description", description);
      jsonSchema.put("schema", json.convertValue(schema, Map.class));
      Boolean strict = ResponsesFields.optionalBool(format, "strict", "text.format");
      if (strict != null) jsonSchema.put("strict", strict);
      out.put("json_schema", jsonSchema);
    } else if (!type.equals("json_object") && !type.equals("text")) {
      throw GatewayException.invalid("text.format.type", "'text.format.type' must be text, json_object or "
          + "json_schema; got '" + type + "'");
    }
    return out;
  }
}
