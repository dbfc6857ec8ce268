package dev.apprentice.guard.redact;

/**
 * One text of a streamed answer (a choice's content, its refusal, one tool call's arguments) rewritten as it arrives:
 * each fragment gives back what may go out now, and whatever was held back goes out with {@link #finish}, so the
 * pieces given back, joined, are the whole rewritten text. Not thread-safe: one per text of one stream.
 */
public interface HeldText {

  /** What may go out after {@code fragment} (possibly empty). */
  String push(String fragment);

  /** Whatever is still held, at the end of the text. */
  String finish();

  /**
   * What may still go out when the stream breaks off before the text ended (the upstream failed, a guardrail refused
   * the answer): by default whatever is held, as {@link #finish} gives it.
   */
  default String abandon() {
    return finish();
  }
}
