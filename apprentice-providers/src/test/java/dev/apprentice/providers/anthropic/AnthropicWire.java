package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Answers in Anthropic's wire format, for scripting the fake upstream. */
final class AnthropicWire {

  static final String MODEL = "claude-test-1";

  private AnthropicWire() {}

  /** A complete message answering with this text. */
  static String textMessage(String text) {
    ObjectNode message = message("end_turn");
    ((ArrayNode) message.get("content")).addObject().put("type", "text").put("text", text);
    return message.toString();
  }

  /** A complete message calling one tool. */
  static String toolUseMessage(String id, String name, String argumentsJson) {
    ObjectNode message = message("tool_use");
    ((ArrayNode) message.get("content")).addObject().put("type", "tool_use").put("id", id).put("name", name)
        .set("input", read(argumentsJson));
    return message.toString();
  }

  /** The events of a streamed text answer, one word per delta; without message_stop when {@code complete} is false. */
  static List<String> textEvents(String text, boolean complete) {
    List<String> events = new ArrayList<>();
    ObjectNode start = MAPPER.createObjectNode().put("type", "message_start");
    ObjectNode message = message(null);
    message.put("stop_reason", (String) null);
    ((ObjectNode) message.get("usage")).put("output_tokens", 1);
    start.set("message", message);
    events.add(event("message_start", start));
    events.add(event("content_block_start", read("{\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")));
    events.add(event("ping", read("{\"type\":\"ping\"}")));
    String[] words = text.split("(?<= )");
    for (String word : words) {
      ObjectNode delta = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", word);
      events.add(event("content_block_delta", delta));
    }
    if (!complete) return events;
    events.add(event("content_block_stop", read("{\"type\":\"content_block_stop\",\"index\":0}")));
    events.add(event("message_delta", read("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + words.length + "}}")));
    events.add(event("message_stop", read("{\"type\":\"message_stop\"}")));
    return events;
  }

  /** A minimal complete stream, for calls whose answer does not matter. */
  static List<String> minimalEvents() {
    return textEvents("ok", true);
  }

  static String event(String name, JsonNode data) {
    return "event: " + name + "\ndata: " + data;
  }

  private static ObjectNode message(String stopReason) {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("id", "msg_01Test").put("type", "message").put("role", "assistant").put("model", MODEL);
    message.putArray("content");
    message.put("stop_reason", stopReason).putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", 12).put("output_tokens", 5)
        .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
    return message;
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}
