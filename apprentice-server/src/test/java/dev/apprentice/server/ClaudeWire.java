package dev.apprentice.server;

/**
 * Claude's answers as Anthropic's Messages API writes them, for scripting a {@link dev.apprentice.testing.FakeUpstream}
 * behind a gateway: whole messages, and the events of a stream, each named after the event it is.
 */
final class ClaudeWire {

  private ClaudeWire() {}

  /** A whole message with these content blocks (a JSON array's elements), 25 tokens in and 12 out. */
  static String message(String id, String model, String content, String stopReason) {
    return """
        {"id":"%s","type":"message","role":"assistant","model":"%s","content":[%s],
         "stop_reason":"%s","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}"""
        .formatted(id, model, content, stopReason);
  }

  /** The {@code message_start} event of a stream: no content yet, 30 tokens in. */
  static String messageStart(String id, String model) {
    return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id + "\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
        + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}");
  }

  /** A {@code content_block_start} event opening this block (a JSON object) at {@code index}. */
  static String blockStart(int index, String block) {
    return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":" + block + "}");
  }

  /** A {@code content_block_delta} event carrying this delta (a JSON object) to the block at {@code index}. */
  static String blockDelta(int index, String delta) {
    return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
        + ",\"delta\":" + delta + "}");
  }

  /** A {@code content_block_stop} event closing the block at {@code index}. */
  static String blockStop(int index) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  /** The {@code message_delta} event that ends a stream's message for this reason. */
  static String messageDelta(String stopReason, int outputTokens) {
    return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
  }

  /** The {@code message_stop} event, a stream's last. */
  static String messageStop() {
    return event("message_stop", "{\"type\":\"message_stop\"}");
  }

  /** An SSE event with this name and data, as the fake upstream sends it. */
  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data;
  }
}
