package dev.apprentice.gateway.accounting;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Usage;
import dev.apprentice.gateway.BlockedAnswer;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the accounting knows when a call ends. The answer's text and the answer itself are suppliers: they are
 * needed only for an estimate (no usage reported) or a full capture, and most calls need neither.
 *
 * @param usage            the provider's usage, null when it reported none
 * @param producedText     what the model produced, for an estimate when usage is missing
 * @param response         the answer (streams: assembled), its id and finish reasons; it supplies null when there was
 *                         none
 * @param overheadNanos    gateway overhead up to the moment the answer (or its first chunk) was ready
 * @param firstChunkNanos  {@link System#nanoTime()} of a stream's first chunk, 0 for non-streamed calls
 */
record Ending(int status, String errorCode, String errorMessage, Usage usage, String responseModel,
    String systemFingerprint, Supplier<String> producedText, Answer response, long overheadNanos,
    long firstChunkNanos) {

  private static final Supplier<String> NOTHING_PRODUCED = () -> "";
  /**
   * The message fields a model's thinking comes in, which it produced and is paid for like its answer: one thinking
   * under either name, or both (vllm-project/vllm#27752 kept {@code reasoning_content} beside {@code reasoning}).
   */
  private static final List<String> THINKING_TEXTS =
      List.of(StreamAssembler.REASONING_CONTENT, StreamAssembler.REASONING);

  static Ending complete(ChatResponse response, long overheadNanos) {
    return new Ending(200, null, null, response.usage(), response.model(), response.systemFingerprint(),
        () -> produced(response), () -> response, overheadNanos, 0);
  }

  static Ending failed(GatewayException e, long overheadNanos) {
    if (e instanceof BlockedAnswer blocked && blocked.answer() != null) {
      // refused after the upstream answered: what it used was spent and is charged
      ChatResponse answer = blocked.answer();
      return new Ending(e.code().status(), e.code().label(), e.getMessage(), answer.usage(), answer.model(),
          answer.systemFingerprint(), () -> produced(answer), Answer.NONE, overheadNanos, 0);
    }
    return new Ending(e.code().status(), e.code().label(), e.getMessage(), null, null, null, NOTHING_PRODUCED,
        Answer.NONE, overheadNanos, 0);
  }

  static Ending internal(Throwable e, long overheadNanos) {
    return new Ending(500, "internal_error", defect(e), null, null, null, NOTHING_PRODUCED, Answer.NONE, overheadNanos,
        0);
  }

  /**
   * This ending for a call whose client went away before its answer began: status 499, {@code client_disconnected},
   * with what was used still charged (an answer that came, or that a guardrail refused after it came).
   */
  Ending departed() {
    return new Ending(499, "client_disconnected", "the client went away before its answer began; the call was"
        + " cancelled", usage, responseModel, systemFingerprint, producedText, response, overheadNanos, firstChunkNanos);
  }

  /**
   * What a trace says of a defect: its kind only. Its message may quote the request (a parser's, a pattern's), which
   * a trace must not keep past the guardrails; the server's log has the whole failure.
   */
  static String defect(Throwable e) {
    return e.getClass().getSimpleName() + " inside the gateway (the server log has the details)";
  }

  /** The text of every choice, its refusal, its thinking and tool-call names and arguments included. */
  static String produced(ChatResponse response) {
    StringBuilder produced = new StringBuilder();
    if (response.choices() == null) return "";
    for (ChatResponse.Choice choice : response.choices()) {
      if (choice.message() == null) continue;
      produced.append(choice.message().text());
      if (choice.message().refusal() != null) produced.append(choice.message().refusal());
      for (String thinking : THINKING_TEXTS) { // the first name it comes under: vLLM 0.11 to 0.15 send it under both
        if (choice.message().extra().get(thinking) instanceof String text) {
          produced.append(text);
          break;
        }
      }
      if (choice.message().toolCalls() == null) continue;
      choice.message().toolCalls().forEach(c -> {
        if (c.function() != null) produced.append(c.function().name()).append(c.function().arguments());
      });
    }
    return produced.toString();
  }
}
