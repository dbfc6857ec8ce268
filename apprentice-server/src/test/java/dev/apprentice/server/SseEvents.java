package dev.apprentice.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A Server-Sent Events body as a client reads it: the data payload of each event, in order. */
record SseEvents(List<String> data) {

  static final String DONE = "[DONE]";

  /** Parses a whole SSE body; comment lines are skipped, multi-line data is joined with newlines. */
  static SseEvents parse(String body) {
    List<String> events = new ArrayList<>();
    StringBuilder current = null;
    for (String line : body.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        if (current != null) events.add(current.toString());
        current = null;
      } else if (line.startsWith("data:")) {
        String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
        current = current == null ? new StringBuilder(value) : current.append('\n').append(value);
      }
    }
    if (current != null) events.add(current.toString());
    return new SseEvents(List.copyOf(events));
  }

  boolean endsWithDone() {
    return !data.isEmpty() && data.getLast().equals(DONE);
  }

  boolean hasDone() {
    return data.contains(DONE);
  }

  /** Every event but [DONE], parsed as JSON. */
  List<JsonNode> json() {
    return data.stream().filter(d -> !d.equals(DONE)).map(RawHttp::json).toList();
  }

  /** The chat chunks (events that are not errors). */
  List<JsonNode> chunks() {
    return json().stream().filter(n -> !n.has("error")).toList();
  }

  /** The concatenated text of choice 0's content deltas. */
  String text() {
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : chunks()) {
      JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
      if (content.isTextual()) text.append(content.asText());
    }
    return text.toString();
  }

  /** The usage objects carried by any chunk. */
  List<JsonNode> usages() {
    return chunks().stream().map(c -> c.path("usage")).filter(u -> u.isObject()).toList();
  }

  /** Choice 0's tool call fragments, in order. */
  List<JsonNode> toolCallDeltas() {
    List<JsonNode> calls = new ArrayList<>();
    for (JsonNode chunk : chunks()) {
      chunk.path("choices").path(0).path("delta").path("tool_calls").forEach(calls::add);
    }
    return calls;
  }

  /** The finish reasons sent, in order. */
  List<String> finishReasons() {
    return chunks().stream().map(c -> c.path("choices").path(0).path("finish_reason"))
        .filter(JsonNode::isTextual).map(JsonNode::asText).toList();
  }
}
