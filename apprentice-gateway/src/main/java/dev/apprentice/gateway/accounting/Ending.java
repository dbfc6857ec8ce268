package dev.apprentice.gateway.accounting;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Usage;

/**
 * What the accounting knows when a call ends.
 *
 * @param usage            the provider's usage, null when it reported none
 * @param producedText     what the model produced, for an estimate when usage is missing
 * @param response         the answer (streams: assembled), null when there was none
 * @param overheadNanos    gateway overhead up to the moment the answer (or its first chunk) was ready
 * @param firstChunkNanos  {@link System#nanoTime()} of a stream's first chunk, 0 for non-streamed calls
 */
record Ending(int status, String errorCode, String errorMessage, Usage usage, String responseModel,
    String systemFingerprint, String producedText, ChatResponse response, long overheadNanos, long firstChunkNanos) {

  static Ending complete(ChatResponse response, long overheadNanos) {
    StringBuilder produced = new StringBuilder();
    if (response.choices() != null) {
      for (ChatResponse.Choice choice : response.choices()) {
        if (choice.message() == null) continue;
        produced.append(choice.message().text());
        if (choice.message().toolCalls() != null) {
          choice.message().toolCalls().forEach(c -> produced.append(c.function() == null ? "" : c.function().name()
              + c.function().arguments()));
        }
      }
    }
    return new Ending(200, null, null, response.usage(), response.model(), response.systemFingerprint(),
        produced.toString(), response, overheadNanos, 0);
  }

  static Ending failed(GatewayException e, long overheadNanos) {
    String code = e.code().code() == null ? e.code().type() : e.code().code();
    return new Ending(e.code().status(), code, e.getMessage(), null, null, null, "", null, overheadNanos, 0);
  }

  static Ending internal(RuntimeException e, long overheadNanos) {
    return new Ending(500, "internal_error", e.getClass().getSimpleName() + ": " + e.getMessage(), null, null, null,
        "", null, overheadNanos, 0);
  }
}
