package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Responses request's {@code input} as chat messages: a string is one user message; a list's message items keep
 * their role ({@code developer} included) with their parts as chat parts, {@code function_call} items become the
 * assistant turn's tool calls (joined onto the assistant message just before them, as the Responses API lists a
 * turn's text and calls as separate items) and {@code function_call_output} items the {@code tool} messages that
 * answer them. A {@code reasoning} item's thinking ({@link EncryptedReasoning}) goes to the assistant turn of the item
 * that follows it, a message or a call, as that turn's {@code thinking_blocks} (or {@code reasoning_content}), after
 * any it already has; a reasoning item without {@code encrypted_content}, or followed by no assistant item, is
 * dropped. Item references, which point at state the gateway does not keep, are refused.
 */
final class ResponsesInput {

  private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

  private ResponsesInput() {}

  /**
   * The chat messages of {@code input}; each one's origin is added to {@code origins}, in order, so that a chat
   * check's error can name the item ({@link ResponsesParams}).
   */
  static List<Message> messages(JsonNode input, List<ResponsesParams.Origin> origins) {
    if (input == null || input.isNull() || input.isMissingNode()) {
      throw GatewayException.invalid("input", "'input' is required: a string, or a list of input items");
    }
    if (input.isTextual()) {
      origins.add(new ResponsesParams.Origin(ResponsesParams.Kind.TEXT_INPUT, "input"));
      return List.of(Message.user(input.asText()));
    }
    if (!input.isArray()) {
      throw GatewayException.invalid("input", "'input' must be a string or a list of input items; got "
          + ResponsesFields.jsonType(input));
    }
    if (input.isEmpty()) throw GatewayException.invalid("input", "'input' must contain at least one item");
    List<Message> messages = new ArrayList<>();
    ResponseReasoning thinking = ResponseReasoning.NONE;
    ResponsesParams.Thinking from = new ResponsesParams.Thinking();
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      String path = "input[" + i + "]";
      if (item.isObject() && "reasoning".equals(item.path("type").asText(null))) {
        ResponseReasoning carried = EncryptedReasoning.decode(item, path);
        if (carried != null) {
          thinking = thinking.then(carried);
          from.carried(path, carried.blocks().size(), !carried.text().isEmpty());
        }
        continue;
      }
      String type = item(item, path, messages, origins);
      boolean assistantTurn = !type.equals("function_call_output") && messages.getLast().role().equals("assistant");
      if (!thinking.isEmpty() && assistantTurn) {
        messages.set(messages.size() - 1, withThinking(messages.getLast(), thinking));
        origins.getLast().thinking.add(from);
      }
      thinking = ResponseReasoning.NONE;
      from = new ResponsesParams.Thinking();
    }
    return messages;
  }

  /** The assistant turn with {@code thinking} after the thinking it already holds. */
  private static Message withThinking(Message turn, ResponseReasoning thinking) {
    Map<String, Object> extra = new LinkedHashMap<>(turn.extra());
    ResponseReasoning all = ResponseReasoning.of(extra).then(thinking);
    if (!all.blocks().isEmpty()) extra.put(Message.THINKING_BLOCKS, all.blocks());
    if (!all.text().isEmpty()) extra.put(Message.REASONING_CONTENT, all.text());
    return new Message(turn.role(), turn.content(), turn.name(), turn.toolCalls(), turn.toolCallId(), turn.refusal(),
        extra);
  }

  /** Reads one item (not a reasoning one) onto the messages; its type. */
  private static String item(JsonNode item, String path, List<Message> messages, List<ResponsesParams.Origin> origins) {
    if (!item.isObject()) {
      throw GatewayException.invalid(path, "'" + path + "' must be an object; got " + ResponsesFields.jsonType(item));
    }
    String type = item.path("type").isTextual() ? item.path("type").asText() : (item.has("role") ? "message" : null);
    if (type == null) {
      throw GatewayException.invalid(path + ".type", "'" + path + ".type' is required: message, function_call, "
          + "function_call_output or reasoning (a message item may give its 'role' alone)");
    }
    switch (type) {
      case "message" -> {
        Message message = message(item, path);
        if (!joinedOntoItsTurn(message, path, messages, origins)) {
          messages.add(message);
          origins.add(new ResponsesParams.Origin(ResponsesParams.Kind.MESSAGE, path));
        }
      }
      case "function_call" -> functionCall(item, path, messages, origins);
      case "function_call_output" -> {
        messages.add(functionCallOutput(item, path));
        origins.add(new ResponsesParams.Origin(ResponsesParams.Kind.OUTPUT, path));
      }
      case "item_reference" -> throw GatewayException.invalid(path + ".type", "'" + path + ".type' item_reference: "
          + "the gateway is stateless and keeps no items to refer to; send the item itself");
      default -> throw GatewayException.invalid(path + ".type", "'" + path + ".type' " + type + " is not supported: "
          + "the gateway takes message, function_call, function_call_output and reasoning items");
    }
    return type;
  }

  private static Message message(JsonNode item, String path) {
    String role = ResponsesFields.requiredText(item, "role", path);
    if (!ROLES.contains(role)) {
      throw GatewayException.invalid(path + ".role", "'" + path + ".role' must be one of user, assistant, system, "
          + "developer; got '" + role + "'");
    }
    JsonNode content = item.get("content");
    String at = path + ".content";
    if (content == null || content.isNull()) {
      throw GatewayException.invalid(at, "'" + at + "' is required: a string or a list of content parts");
    }
    if (content.isTextual()) return new Message(role, Content.text(content.asText()), null, null, null, null, null);
    if (!content.isArray()) {
      throw GatewayException.invalid(at, "'" + at + "' must be a string or a list of content parts; got "
          + ResponsesFields.jsonType(content));
    }
    List<ContentPart> parts = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) parts.add(ResponsesParts.part(content.get(i), at + "[" + i + "]"));
    if (role.equals("assistant")) {
      // an earlier answer's output_text parts: chat takes an assistant turn's content as text
      return new Message(role, Content.text(Content.parts(parts).asText()), null, null, null, null, null);
    }
    return new Message(role, Content.parts(parts), null, null, null, null, null);
  }

  /**
   * True when {@code message} is assistant text that follows the same turn's calls (a streamed answer may give text
   * after a call as an item of its own): its text is joined onto that turn, since until the calls are answered by
   * {@code function_call_output} items no other assistant turn can begin, and a chat upstream wants the tool messages
   * right after the assistant message that made the calls. The item's path is recorded on the turn's origin: a chat
   * error names the turn's whole {@code content}, not a place in it, so it names the item that text begins with, which
   * is the joined item only when the turn began with calls ({@link ResponsesParams}); after a message item with text,
   * it names that item even when the error is about the joined text.
   */
  private static boolean joinedOntoItsTurn(Message message, String path, List<Message> messages,
      List<ResponsesParams.Origin> origins) {
    Message last = messages.isEmpty() ? null : messages.getLast();
    if (!message.role().equals("assistant") || last == null || !last.role().equals("assistant")
        || last.toolCalls() == null || last.toolCalls().isEmpty()) {
      return false;
    }
    String before = last.content() == null ? "" : last.content().asText();
    messages.set(messages.size() - 1, new Message("assistant", Content.text(before + message.content().asText()),
        last.name(), last.toolCalls(), null, last.refusal(), last.extra()));
    origins.getLast().joined.add(path);
    return true;
  }

  /** A call the model made: a tool call of the assistant message just before it, or of a new one. */
  private static void functionCall(JsonNode item, String path, List<Message> messages,
      List<ResponsesParams.Origin> origins) {
    String callId = ResponsesFields.requiredText(item, "call_id", path);
    String name = ResponsesFields.requiredText(item, "name", path);
    JsonNode arguments = item.get("arguments");
    if (arguments != null && !arguments.isNull() && !arguments.isTextual()) {
      throw GatewayException.invalid(path + ".arguments", "'" + path + ".arguments' must be a string (the JSON "
          + "arguments as the model wrote them); got " + ResponsesFields.jsonType(arguments));
    }
    ToolCall call = ToolCall.function(callId, name, arguments == null || arguments.isNull() ? "{}" : arguments.asText());
    Message last = messages.isEmpty() ? null : messages.getLast();
    if (last != null && last.role().equals("assistant") && last.toolCallId() == null) {
      List<ToolCall> calls = new ArrayList<>(last.toolCalls() == null ? List.of() : last.toolCalls());
      calls.add(call);
      messages.set(messages.size() - 1,
          new Message("assistant", last.content(), last.name(), calls, null, last.refusal(), last.extra()));
    } else {
      messages.add(Message.assistant(null, List.of(call)));
      origins.add(new ResponsesParams.Origin(ResponsesParams.Kind.CALLS, path));
    }
    origins.getLast().calls.add(path);
  }

  /** What a tool answered: a string, or a list of text parts. */
  private static Message functionCallOutput(JsonNode item, String path) {
    String callId = ResponsesFields.requiredText(item, "call_id", path);
    JsonNode output = item.get("output");
    String at = path + ".output";
    if (output == null || output.isNull()) {
      throw GatewayException.invalid(at, "'" + at + "' is required: what the tool answered");
    }
    if (output.isTextual()) return Message.tool(callId, output.asText());
    if (!output.isArray()) {
      throw GatewayException.invalid(at, "'" + at + "' must be a string or a list of content parts; got "
          + ResponsesFields.jsonType(output));
    }
    List<ContentPart> parts = new ArrayList<>(output.size());
    for (int i = 0; i < output.size(); i++) {
      ContentPart part = ResponsesParts.part(output.get(i), at + "[" + i + "]");
      if (!part.type().equals("text")) {
        throw GatewayException.invalid(at + "[" + i + "].type", "'" + at + "[" + i + "].type' must be input_text: "
            + "a chat tool result carries text only");
      }
      parts.add(part);
    }
    Map<String, Object> none = new LinkedHashMap<>();
    return new Message("tool", Content.parts(parts), null, null, callId, null, none);
  }
}
