package dev.apprentice.guard.chat;

import dev.apprentice.guard.redact.HeldText;

/**
 * Which texts of a streamed answer a {@link ChunkRewriter} rewrites, and how: one {@link HeldText} per text of each
 * choice, opened when its first fragment arrives. The choice is told, so that what a choice's texts are given (an
 * output redaction's placeholder numbers) does not depend on how the upstream interleaved the choices' chunks.
 */
public interface FieldHolds {

  /** The field names a stream's texts are opened under (a tool call's arguments: {@code tool/} and its index). */
  String CONTENT = "content";
  String REFUSAL = "refusal";
  String REASONING = "reasoning";
  String FUNCTION = "function";
  String TOOL = "tool/";
  String THINKING = "thinking";

  /**
   * @param choice the index of the choice the text belongs to
   * @param field  one of the names above
   * @param json   the text is JSON (tool-call and {@code function_call} arguments, or the content of an answer asked
   *               to be JSON)
   * @return the text's holder, or null when the field passes unchanged
   */
  HeldText open(int choice, String field, boolean json);

  /**
   * A text that arrives whole in one delta (a signed thinking block's, {@link #THINKING}), rewritten at once; by
   * default unchanged (a thinking block goes back to the upstream as the upstream wrote it, so it is never restored).
   */
  default String whole(int choice, String field, String text) {
    return text;
  }
}
