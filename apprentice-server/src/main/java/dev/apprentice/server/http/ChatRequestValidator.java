package dev.apprentice.server.http;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the parts of a chat request that JSON types cannot: required fields, ranges and roles. */
public final class ChatRequestValidator {

  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

  private ChatRequestValidator() {}

  public static ChatRequest validate(ChatRequest r) {
    if (r == null) throw GatewayException.invalid(null, "the request body must be a JSON object");
    if (r.model() == null || r.model().isBlank()) throw GatewayException.invalid("model", "'model' is required");
    List<Message> messages = r.messages();
    if (messages == null) throw GatewayException.invalid("messages", "'messages' is required");
    if (messages.isEmpty()) throw GatewayException.invalid("messages", "'messages' must contain at least one message");
    for (int i = 0; i < messages.size(); i++) validateMessage(messages.get(i), "messages[" + i + "]");
    range(r.temperature(), 0, 2, "temperature");
    range(r.topP(), 0, 1, "top_p");
    atLeast(r.maxTokens(), 1, "max_tokens");
    atLeast(r.maxCompletionTokens(), 1, "max_completion_tokens");
    atLeast(r.n(), 1, "n");
    if (r.n() != null && r.n() > 128) throw GatewayException.invalid("n", "'n' must be at most 128");
    if (r.streamOptions() != null && !r.streaming()) {
      throw GatewayException.invalid("stream_options", "'stream_options' is only allowed when 'stream' is true");
    }
    if (r.stop() != null && !(r.stop() instanceof String) && !(r.stop() instanceof List<?> list && list.stream().allMatch(s -> s instanceof String))) {
      throw GatewayException.invalid("stop", "'stop' must be a string or an array of strings");
    }
    if (r.tools() != null) {
      for (int i = 0; i < r.tools().size(); i++) validateTool(r.tools().get(i), "tools[" + i + "]");
    }
    validateToolChoice(r.toolChoice());
    validateResponseFormat(r.responseFormat());
    OpenAiFieldTypes.check(r.extra());
    return r;
  }

  /**
   * A mode (a string) or an object with a {@code type} (a named function needs its name). Which modes and types
   * there are is the target's to judge: an OpenAI-type upstream answers its own 400, and a gateway that refused
   * values it does not know yet would stand between a client and a newer upstream or an OpenAI-compatible server.
   */
  private static void validateToolChoice(Object choice) {
    if (choice == null || choice instanceof String) return;
    if (!(choice instanceof Map<?, ?> map)) {
      throw GatewayException.invalid("tool_choice", "'tool_choice' must be a string (none, auto or required) or an "
          + "object such as {\"type\": \"function\", \"function\": {\"name\": ...}}; got " + OpenAiFieldTypes.jsonType(choice));
    }
    if (!(map.get("type") instanceof String type)) {
      throw GatewayException.invalid("tool_choice.type", "'tool_choice.type' is required: a string such as 'function'");
    }
    if (type.equals("function") && !(map.get("function") instanceof Map<?, ?> function && function.get("name") instanceof String)) {
      throw GatewayException.invalid("tool_choice.function.name", "'tool_choice.function.name' is required: the name of one of the tools");
    }
  }

  /** An object with a string {@code type}; {@code json_schema} needs its schema object. Unknown types pass, as for tool_choice. */
  private static void validateResponseFormat(Map<String, Object> format) {
    if (format == null) return;
    if (!(format.get("type") instanceof String type)) {
      throw GatewayException.invalid("response_format.type",
          "'response_format.type' is required: text, json_object or json_schema; got " + OpenAiFieldTypes.jsonType(format.get("type")));
    }
    if (type.equals("json_schema") && !(format.get("json_schema") instanceof Map<?, ?>)) {
      throw GatewayException.invalid("response_format.json_schema",
          "'response_format.json_schema' must be an object {name, schema, strict?}; got " + OpenAiFieldTypes.jsonType(format.get("json_schema")));
    }
  }

  private static void validateMessage(Message m, String path) {
    if (m == null) throw GatewayException.invalid(path, "'" + path + "' must be an object");
    if (m.role() == null) throw GatewayException.invalid(path + ".role", "'" + path + ".role' is required");
    if (!ROLES.contains(m.role())) {
      throw GatewayException.invalid(path + ".role", "'" + path + ".role' must be one of system, developer, user, assistant, tool; got '" + m.role() + "'");
    }
    boolean hasToolCalls = m.toolCalls() != null && !m.toolCalls().isEmpty();
    if (m.content() == null && !(m.role().equals("assistant") && hasToolCalls)) {
      throw GatewayException.invalid(path + ".content", "'" + path + ".content' is required for role '" + m.role() + "'");
    }
    if (m.role().equals("tool") && (m.toolCallId() == null || m.toolCallId().isBlank())) {
      throw GatewayException.invalid(path + ".tool_call_id", "'" + path + ".tool_call_id' is required for role 'tool'");
    }
    if (m.content() != null && !m.content().isText()) {
      List<ContentPart> parts = m.content().parts();
      for (int i = 0; i < parts.size(); i++) validatePart(parts.get(i), path + ".content[" + i + "]");
    }
  }

  /** A part has a type; a text part its text and an image part its URL (other types pass through as they are). */
  private static void validatePart(ContentPart part, String path) {
    if (part.type() == null) {
      throw GatewayException.invalid(path + ".type", "'" + path + ".type' is required: text, image_url, ...");
    }
    if (part.type().equals("text") && part.text() == null) {
      throw GatewayException.invalid(path + ".text", "'" + path + ".text' is required for a text part");
    }
    if (part.type().equals("image_url") && (part.imageUrl() == null || part.imageUrl().url() == null)) {
      throw GatewayException.invalid(path + ".image_url.url", "'" + path + ".image_url.url' is required for an image part");
    }
  }

  private static void validateTool(Tool tool, String path) {
    if (tool == null || !"function".equals(tool.type())) {
      throw GatewayException.invalid(path + ".type", "'" + path + ".type' must be 'function'");
    }
    if (tool.function() == null || tool.function().name() == null || tool.function().name().isBlank()) {
      throw GatewayException.invalid(path + ".function.name", "'" + path + ".function.name' is required");
    }
  }

  private static void range(Double value, double min, double max, String param) {
    if (value != null && (value < min || value > max || value.isNaN())) {
      throw GatewayException.invalid(param, "'" + param + "' must be between " + fmt(min) + " and " + fmt(max) + "; got " + value);
    }
  }

  private static void atLeast(Integer value, int min, String param) {
    if (value != null && value < min) {
      throw GatewayException.invalid(param, "'" + param + "' must be at least " + min + "; got " + value);
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
