package dev.apprentice.guard.policy;

import dev.apprentice.guard.redact.HeldText;
import dev.apprentice.guard.redact.RedactionSession;

/**
 * One tool call's streamed arguments (or a legacy {@code function_call}'s), held whole and given out redacted when
 * the choice finishes ({@link StreamRedaction#redactArguments}): a value is replaced inside the JSON string it lies in,
 * written back escaped, as in an answer that is not streamed. The caller gets the arguments in one piece with the
 * finish chunk; a client reads a tool call's arguments once they are whole anyway. Not thread-safe.
 */
final class HeldArguments implements HeldText {

  private final StreamRedaction stream;
  /** Where the placeholders of this call's choice come from. */
  private final RedactionSession oneWay;
  private final StringBuilder held = new StringBuilder();

  HeldArguments(StreamRedaction stream, RedactionSession oneWay) {
    this.stream = stream;
    this.oneWay = oneWay;
  }

  @Override
  public String push(String fragment) {
    held.append(fragment);
    return "";
  }

  /** The arguments redacted; those of a stream that broke off too, read as far as they go (the reading is lenient). */
  @Override
  public String finish() {
    if (held.isEmpty()) return "";
    String out = stream.redactArguments(oneWay, held.toString());
    held.setLength(0);
    return out;
  }
}
