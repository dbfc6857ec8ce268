package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;

/**
 * A chat answer's message as Responses output items: its thinking as a {@code reasoning} item
 * ({@link ResponseReasoning}), then its text (or refusal) as one {@code message} item, then each tool call as a
 * {@code function_call} item.
 */
final class ResponseOutput {

  private ResponseOutput() {}

  /**
   * @param encryptedReasoning true when the request's {@code include} asked for {@code reasoning.encrypted_content}
   */
  static ArrayNode items(Message message, String finishReason, boolean encryptedReasoning) {
    ArrayNode output = ResponseObject.JSON.arrayNode();
    if (message == null) return output;
    String status = ResponseObject.incompleteReason(finishReason) == null ? "completed" : "incomplete";
    ResponseReasoning thinking = ResponseReasoning.of(message.extra());
    if (!thinking.isEmpty()) output.add(thinking.item(ResponseIds.reasoning(), status, encryptedReasoning));
    String text = message.content() == null ? null : message.content().asText();
    if (message.refusal() != null && !message.refusal().isEmpty()) {
      output.add(message(ResponseIds.message(), status, refusalPart(message.refusal())));
    } else if (text != null && !text.isEmpty()) {
      output.add(message(ResponseIds.message(), status, textPart(text)));
    }
    if (message.toolCalls() != null) {
      for (ToolCall call : message.toolCalls()) {
        String name = call.function() == null ? null : call.function().name();
        String arguments = call.function() == null || call.function().arguments() == null ? "" : call.function().arguments();
        String callId = ResponseIds.callId(call.id());
        output.add(functionCall(ResponseIds.functionCall(), "completed", callId, name, arguments));
      }
    }
    return output;
  }

  static ObjectNode message(String id, String status, ObjectNode part) {
    ObjectNode item = ResponseObject.JSON.objectNode();
    item.put("id", id);
    item.put("type", "message");
    item.put("status", status);
    item.put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (part != null) content.add(part);
    return item;
  }

  static ObjectNode textPart(String text) {
    ObjectNode part = ResponseObject.JSON.objectNode();
    part.put("type", "output_text");
    part.put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  static ObjectNode refusalPart(String refusal) {
    return ResponseObject.JSON.objectNode().put("type", "refusal").put("refusal", refusal);
  }

  static ObjectNode functionCall(String id, String status, String callId, String name, String arguments) {
    ObjectNode item = ResponseObject.JSON.objectNode();
    item.put("id", id);
    item.put("type", "function_call");
    item.put("status", status);
    item.put("call_id", callId);
    item.put("name", name);
    item.put("arguments", arguments);
    return item;
  }
}
