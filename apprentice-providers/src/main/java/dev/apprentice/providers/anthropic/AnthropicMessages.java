package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.UnsupportedRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns OpenAI's message list into Anthropic's: system and developer messages leave the list for the top-level
 * {@code system}; tool results become {@code tool_result} blocks leading the user turn after the calls they answer,
 * in the calls' order (see {@link AnthropicTurns}, which also merges consecutive turns of a role, since Anthropic
 * wants them alternating); assistant tool calls become {@code tool_use} blocks, after the thinking blocks the message
 * carries in {@code thinking_blocks} (LiteLLM's field, which answers fill in), sent back unchanged: with thinking
 * enabled, Anthropic wants the assistant turn of a tool loop to start with the signed thinking block it answered
 * with. A final assistant turn's text loses its trailing whitespace, which Anthropic refuses there. An assistant
 * message's refusal (its {@code refusal} field, or {@code refusal} parts in its content) is not sent, and a message
 * that holds nothing else (a refused answer sent back in the history) is left out: Anthropic has no refusal block,
 * and asks for a refused turn to be dropped before the conversation goes on.
 */
final class AnthropicMessages {

  /** The system blocks, in order, and the alternating user/assistant turns. */
  record Conversation(List<ObjectNode> system, ArrayNode messages) {}

  private AnthropicMessages() {}

  static Conversation convert(List<Message> messages) {
    if (messages == null || messages.isEmpty()) {
      throw GatewayException.invalid("messages", "messages must contain at least one message");
    }
    List<ObjectNode> system = new ArrayList<>();
    AnthropicTurns builder = new AnthropicTurns();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      String at = "messages[" + i + "]";
      if (message == null) throw GatewayException.invalid(at, "a message must be an object");
      String role = message.role();
      if (role == null) throw GatewayException.invalid(at + ".role", "role is required");
      switch (role) {
        case "system", "developer" ->
            system.addAll(cacheMarked(message, AnthropicContent.systemBlocks(message.content(), at + ".content")));
        case "user" ->
            builder.user(cacheMarked(message, AnthropicContent.userBlocks(message.content(), at + ".content")));
        case "assistant" -> {
          List<ObjectNode> blocks = cacheMarked(message, assistantBlocks(message, at));
          if (!blocks.isEmpty()) builder.assistant(blocks, at);
        }
        case "tool" -> builder.result(message.toolCallId(), cacheMarked(message, toolResult(message, at)), at);
        default -> throw new UnsupportedRequestException(at + ".role",
            "unknown role '" + role + "': expected system, developer, user, assistant or tool");
      }
    }
    ArrayNode turns = builder.finish();
    if (turns.isEmpty()) {
      throw new UnsupportedRequestException("messages",
          "messages need at least one user message besides system messages");
    }
    stripFinalPrefill(turns);
    return new Conversation(system, turns);
  }

  /**
   * The message's blocks, its own {@code cache_control} (a whole message marked, as LiteLLM takes it) carried onto its
   * last block, as a part's is onto its block; not onto a thinking block, which cannot take one, nor over a part's.
   */
  private static List<ObjectNode> cacheMarked(Message message, List<ObjectNode> blocks) {
    Object cacheControl = message.extra().get("cache_control");
    if (cacheControl == null || blocks.isEmpty()) return blocks;
    ObjectNode last = blocks.getLast();
    String type = last.path("type").asText();
    if (!type.equals("thinking") && !type.equals("redacted_thinking") && !last.has("cache_control")) {
      last.set("cache_control", MAPPER.valueToTree(cacheControl));
    }
    return blocks;
  }

  /** A tool result, its message's {@code cache_control} carried onto it. */
  private static ObjectNode cacheMarked(Message message, ObjectNode result) {
    return cacheMarked(message, List.of(result)).getFirst();
  }

  /**
   * A conversation ending with the assistant's turn asks Claude to go on from its text (a prefill), which Anthropic
   * refuses when it ends in whitespace: that last text loses its trailing whitespace. Earlier turns stay as sent.
   */
  private static void stripFinalPrefill(ArrayNode turns) {
    JsonNode last = turns.get(turns.size() - 1);
    if (!"assistant".equals(last.path("role").asText())) return;
    JsonNode content = last.path("content");
    if (content.get(content.size() - 1) instanceof ObjectNode block && "text".equals(block.path("type").asText())) {
      block.put("text", block.path("text").asText().stripTrailing());
    }
  }

  /** The blocks of an assistant message; none for a refusal without text or tool calls, which is left out. */
  private static List<ObjectNode> assistantBlocks(Message message, String at) {
    List<ObjectNode> blocks = new ArrayList<>(AnthropicContent.assistantTextBlocks(message.content(), at + ".content"));
    List<ToolCall> calls = message.toolCalls() == null ? List.of() : message.toolCalls();
    for (int j = 0; j < calls.size(); j++) blocks.add(toolUse(calls.get(j), at + ".tool_calls[" + j + "]"));
    if (blocks.isEmpty() && refused(message)) return List.of();
    if (blocks.isEmpty()) {
      throw new UnsupportedRequestException(at + ".content",
          "an assistant message needs non-empty content or tool_calls");
    }
    blocks.addAll(0, thinkingBlocks(message.extra().get(AnthropicResponses.THINKING_BLOCKS), at + ".thinking_blocks"));
    return blocks;
  }

  private static boolean refused(Message message) {
    if (message.refusal() != null && !message.refusal().isBlank()) return true;
    return message.content() != null && !message.content().isText()
        && message.content().parts().stream().anyMatch(part -> "refusal".equals(part.type()));
  }

  /**
   * An assistant message's {@code thinking_blocks} as Anthropic content blocks, unchanged (their signature must
   * match); none when the field is absent. Its {@code reasoning_content} is not sent: without a signature Anthropic
   * would refuse it.
   */
  private static List<ObjectNode> thinkingBlocks(Object field, String param) {
    if (field == null) return List.of();
    if (!(field instanceof List<?> list)) throw new UnsupportedRequestException(param, param + " must be an array");
    List<ObjectNode> blocks = new ArrayList<>(list.size());
    for (int j = 0; j < list.size(); j++) {
      ObjectNode block = list.get(j) instanceof Map<?, ?> map ? MAPPER.valueToTree(map) : null;
      String type = block == null ? "" : block.path("type").asText();
      if (!type.equals("thinking") && !type.equals("redacted_thinking")) {
        throw new UnsupportedRequestException(param + "[" + j + "]",
            "a thinking block must be an object of type thinking or redacted_thinking");
      }
      blocks.add(block);
    }
    return blocks;
  }

  private static ObjectNode toolUse(ToolCall call, String at) {
    if (call == null || call.function() == null) {
      throw new UnsupportedRequestException(at + ".function", "function is required");
    }
    if (call.id() == null || call.id().isBlank()) {
      throw new UnsupportedRequestException(at + ".id", "a tool call needs an id");
    }
    String name = call.function().name();
    if (name == null || name.isBlank()) {
      throw new UnsupportedRequestException(at + ".function.name", "a tool call needs a name");
    }
    ObjectNode block = MAPPER.createObjectNode();
    block.put("type", "tool_use");
    block.put("id", call.id());
    block.put("name", name);
    block.set("input", arguments(call.function().arguments(), at + ".function.arguments"));
    return block;
  }

  /** The arguments string parsed to the JSON object Anthropic wants as {@code input}; empty means no arguments. */
  private static JsonNode arguments(String arguments, String param) {
    if (arguments == null || arguments.isBlank()) return MAPPER.createObjectNode();
    JsonNode input;
    try {
      input = MAPPER.readTree(arguments);
    } catch (JsonProcessingException e) {
      throw new UnsupportedRequestException(param, param + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (input == null || !input.isObject()) {
      throw new UnsupportedRequestException(param, param + " must be a JSON object");
    }
    return input;
  }

  private static ObjectNode toolResult(Message message, String at) {
    if (message.toolCallId() == null || message.toolCallId().isBlank()) {
      throw GatewayException.invalid(at + ".tool_call_id", "a tool message needs the tool_call_id it answers");
    }
    ObjectNode block = MAPPER.createObjectNode();
    block.put("type", "tool_result");
    block.put("tool_use_id", message.toolCallId());
    JsonNode content = AnthropicContent.toolResultContent(message.content(), at + ".content");
    if (content != null) block.set("content", content);
    return block;
  }
}
