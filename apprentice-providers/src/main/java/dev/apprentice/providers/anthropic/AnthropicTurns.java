package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.UnsupportedRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Anthropic's alternating user and assistant turns from the blocks of each message, in the order they come.
 *
 * <p>Anthropic wants the {@code tool_result} blocks answering an assistant turn's {@code tool_use} blocks first in the
 * very next user turn, text after them. OpenAI clients send other orders: a user message between the assistant's
 * {@code tool_calls} and the {@code tool} messages, tool messages in another order than the calls. So every user and
 * tool message between two assistant turns makes one user turn: the results in the order of the calls, then the
 * user's blocks in the order sent. What neither OpenAI nor Anthropic takes, and nothing faithful could be sent for, is
 * refused (400, naming the message): a tool message answering no call of the assistant turn before it, or one already
 * answered, and a call still unanswered when the next assistant turn comes, or the conversation ends after a user or
 * tool message. A conversation that ends with the assistant's calls is sent as it is.
 *
 * <p>Consecutive assistant messages make one turn; a later message's thinking blocks go after the turn's leading
 * thinking, before the earlier message's text and tool use: Anthropic wants an assistant turn to start with its
 * thinking.
 */
final class AnthropicTurns {

  /** A call of the last assistant turn: the parameter naming it, and the result a tool message gave it, if any. */
  private static final class Call {
    final String param;
    ObjectNode result;
    String answeredBy;

    Call(String param) {
      this.param = param;
    }
  }

  private final ArrayNode turns = MAPPER.createArrayNode();
  /** The calls of the last assistant turn, by id, in the order it made them. */
  private final Map<String, Call> calls = new LinkedHashMap<>();
  /** The blocks of user messages since the last assistant turn, in order. */
  private final List<ObjectNode> userBlocks = new ArrayList<>();

  /** A user message's blocks, for the user turn after the last assistant turn. */
  void user(List<ObjectNode> blocks) {
    userBlocks.addAll(blocks);
  }

  /** A tool message's result ({@code at} names the message), answering a call of the last assistant turn. */
  void result(String toolCallId, ObjectNode block, String at) {
    Call call = calls.get(toolCallId);
    if (call == null) {
      throw GatewayException.invalid(at + ".tool_call_id", "tool_call_id '" + toolCallId
          + "' answers no tool call of the assistant message before it: a tool message must answer one of the "
          + "tool_calls of the last assistant message");
    }
    if (call.result != null) {
      throw GatewayException.invalid(at + ".tool_call_id",
          "tool call '" + toolCallId + "' is already answered by " + call.answeredBy);
    }
    call.result = block;
    call.answeredBy = at;
  }

  /**
   * An assistant message's blocks ({@code at} names the message, whose {@code tool_calls} gave its tool_use blocks, in
   * order). After user or tool messages it starts a new turn, once every call of the last one has its result;
   * otherwise it joins the last turn.
   */
  void assistant(List<ObjectNode> blocks, String at) {
    if (gathering() || !lastTurnIs("assistant")) {
      closeUserTurn("before " + at);
      calls.clear();
      ObjectNode turn = turns.addObject();
      turn.put("role", "assistant");
      turn.putArray("content");
    }
    ArrayNode content = (ArrayNode) turns.get(turns.size() - 1).get("content");
    int thinkingEnd = 0;
    while (thinkingEnd < content.size() && isThinking(content.get(thinkingEnd))) thinkingEnd++;
    int call = 0;
    for (ObjectNode block : blocks) {
      if (isThinking(block)) {
        content.insert(thinkingEnd++, block);
        continue;
      }
      content.add(block);
      if (!"tool_use".equals(block.path("type").asText())) continue;
      String param = at + ".tool_calls[" + call++ + "]";
      if (calls.putIfAbsent(block.path("id").asText(), new Call(param)) != null) {
        throw new UnsupportedRequestException(param + ".id",
            "tool call id '" + block.path("id").asText() + "' is used twice in one assistant turn");
      }
    }
  }

  /** The turns, once every message was given; the last user turn is closed as a next assistant turn would. */
  ArrayNode finish() {
    if (gathering()) closeUserTurn("before the end of the conversation");
    return turns;
  }

  /** True when user or tool messages came since the last assistant turn (or before the first). */
  private boolean gathering() {
    return !userBlocks.isEmpty() || calls.values().stream().anyMatch(call -> call.result != null);
  }

  /** Adds the user turn gathered since the last assistant turn: its results in call order, then the user's blocks. */
  private void closeUserTurn(String when) {
    List<ObjectNode> blocks = new ArrayList<>();
    for (Map.Entry<String, Call> entry : calls.entrySet()) {
      Call call = entry.getValue();
      if (call.result == null) {
        throw GatewayException.invalid(call.param + ".id", "tool call '" + entry.getKey()
            + "' has no tool message answering it " + when
            + ": each of an assistant message's tool_calls needs a tool message with its tool_call_id");
      }
      blocks.add(call.result);
    }
    blocks.addAll(userBlocks);
    userBlocks.clear();
    if (blocks.isEmpty()) return;
    ObjectNode turn = turns.addObject();
    turn.put("role", "user");
    blocks.forEach(turn.putArray("content")::add);
  }

  private boolean lastTurnIs(String role) {
    return !turns.isEmpty() && role.equals(turns.get(turns.size() - 1).path("role").asText());
  }

  private static boolean isThinking(JsonNode block) {
    String type = block.path("type").asText();
    return type.equals("thinking") || type.equals("redacted_thinking");
  }
}
