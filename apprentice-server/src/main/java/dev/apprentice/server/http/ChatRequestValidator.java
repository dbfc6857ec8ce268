package dev.apprentice.server.http;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import java.util.List;
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
    return r;
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
