package dev.apprentice.server.responses;

import dev.apprentice.api.ToolCall;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of a Response and its items. A Response's id is its trace's ({@code resp_} and the trace id's hex digits), so
 * the id a client logs names the call's trace; an item's is random ({@code msg_}, {@code fc_}, {@code rs_}).
 */
public final class ResponseIds {

  private ResponseIds() {}

  /** {@code resp_} and the hex digits of a {@code tr_} trace id. */
  public static String response(String traceId) {
    return "resp_" + (traceId.startsWith("tr_") ? traceId.substring(3) : traceId);
  }

  static String message() {
    return "msg_" + random();
  }

  static String functionCall() {
    return "fc_" + random();
  }

  /**
   * A function call's {@code call_id}: the upstream's id of the call, or, where it gave none or a blank one (some
   * OpenAI-compatible servers do), a random {@code call_}: the client answers the call by it, and a blank one it
   * could not send back. The gateway names every provider's calls as they arrive ({@code ToolCallIds}), so this is
   * a last resort for an answer that did not come that way (a cache entry stored before it did), and the id is made
   * as that one's is ({@link ToolCall#newId}).
   */
  static String callId(String upstreamId) {
    return upstreamId != null && !upstreamId.isBlank() ? upstreamId : ToolCall.newId();
  }

  static String reasoning() {
    return "rs_" + random();
  }

  private static String random() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong()).substring(0, 8);
  }
}
