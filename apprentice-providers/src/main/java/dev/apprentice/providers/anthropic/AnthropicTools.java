package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.UnsupportedRequestException;
import dev.apprentice.api.Tool;
import java.util.List;
import java.util.Map;

/**
 * Translates OpenAI function tools and {@code tool_choice} to Anthropic's: auto → auto, none → none, required →
 * any, a named function → tool; {@code parallel_tool_calls: false} → {@code disable_parallel_tool_use}. A function's
 * {@code parameters} are the tool's {@code input_schema}, {@code "type": "object"} added where they have no type
 * (OpenAI takes {@code {}} for a function without arguments, Anthropic wants the type). A tool's
 * {@code cache_control} (Anthropic's prompt caching) is carried onto the Anthropic tool, and so is a function's
 * {@code strict: true} where the provider's structured outputs are native (Anthropic's strict tool use, which older
 * models refuse); otherwise {@code strict} is left out, the schema guiding Claude's input without constraining it.
 */
final class AnthropicTools {

  private AnthropicTools() {}

  /** @param strict a function's {@code strict: true} is passed on */
  static void apply(ChatRequest request, ObjectNode body, boolean strict) {
    List<Tool> tools = request.tools() == null ? List.of() : request.tools();
    if (tools.isEmpty()) {
      if (request.toolChoice() != null && !"none".equals(request.toolChoice())) {
        throw new UnsupportedRequestException("tool_choice", "tool_choice needs tools");
      }
      return;
    }
    ArrayNode array = body.putArray("tools");
    for (int i = 0; i < tools.size(); i++) array.add(tool(tools.get(i), "tools[" + i + "]", strict));
    ObjectNode choice = choice(request.toolChoice());
    if (Boolean.FALSE.equals(request.parallelToolCalls())) {
      if (choice == null) choice = choiceOfType("auto");
      if (!"none".equals(choice.path("type").asText())) choice.put("disable_parallel_tool_use", true);
    }
    if (choice != null) body.set("tool_choice", choice);
  }

  private static ObjectNode tool(Tool tool, String at, boolean strict) {
    if (tool == null) throw GatewayException.invalid(at, "a tool must be an object");
    if (tool.type() != null && !"function".equals(tool.type())) {
      throw new UnsupportedRequestException(at + ".type",
          "unsupported tool type '" + tool.type() + "' for Anthropic: expected function");
    }
    Tool.Function function = tool.function();
    if (function == null) throw GatewayException.invalid(at + ".function", "a tool needs a function");
    if (function.name() == null || function.name().isBlank()) {
      throw GatewayException.invalid(at + ".function.name", "a tool needs a name");
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", function.name());
    if (function.description() != null) node.put("description", function.description());
    boolean strictTool = strict && Boolean.TRUE.equals(function.strict());
    if (function.parameters() != null) {
      ObjectNode schema = MAPPER.valueToTree(function.parameters());
      // OpenAI takes a schema without a type ({} for a tool without arguments); Anthropic refuses one (400)
      if (!schema.has("type")) schema.put("type", "object");
      node.set("input_schema", schema);
    } else {
      ObjectNode none = node.putObject("input_schema").put("type", "object");
      none.putObject("properties");
      // a strict tool's objects must be closed: Anthropic refuses one without additionalProperties: false
      if (strictTool) none.put("additionalProperties", false);
    }
    if (strictTool) node.put("strict", true);
    // prompt caching of the tool list, as a message part's cache_control is carried onto its block
    Object cacheControl = tool.extra().get("cache_control");
    if (cacheControl != null) node.set("cache_control", MAPPER.valueToTree(cacheControl));
    return node;
  }

  private static ObjectNode choice(Object toolChoice) {
    if (toolChoice == null) return null;
    if (toolChoice instanceof String mode) {
      return switch (mode) {
        case "auto" -> choiceOfType("auto");
        case "none" -> choiceOfType("none");
        case "required" -> choiceOfType("any");
        default -> throw new UnsupportedRequestException("tool_choice",
            "unknown tool_choice '" + mode + "': expected auto, none, required or a function");
      };
    }
    if (toolChoice instanceof Map<?, ?> map && "function".equals(map.get("type"))
        && map.get("function") instanceof Map<?, ?> function && function.get("name") instanceof String name
        && !name.isBlank()) {
      return choiceOfType("tool").put("name", name);
    }
    throw new UnsupportedRequestException("tool_choice",
        "tool_choice must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
  }

  private static ObjectNode choiceOfType(String type) {
    return MAPPER.createObjectNode().put("type", type);
  }
}
