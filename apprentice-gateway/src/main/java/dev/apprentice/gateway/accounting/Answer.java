package dev.apprentice.gateway.accounting;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.trace.Generation;
import java.util.List;
import java.util.function.Supplier;

/**
 * A call's answer, made whole on demand (a stream's is assembled from its chunks, which only a capture or an estimate
 * needs), and what a span reads of it: its id and finish reasons, which a stream tells without being assembled.
 * Supplies null when there was no answer.
 */
@FunctionalInterface
interface Answer extends Supplier<ChatResponse> {

  /** No answer: a call that failed before one came, or one a guardrail refused. */
  Answer NONE = () -> null;

  /** The answer's {@code id}, or null. */
  default String id() {
    ChatResponse whole = get();
    return whole == null ? null : whole.id();
  }

  /** Each choice's {@code finish_reason}, in order. */
  default List<String> finishReasons() {
    return Generation.finishReasonsOf(get());
  }
}
