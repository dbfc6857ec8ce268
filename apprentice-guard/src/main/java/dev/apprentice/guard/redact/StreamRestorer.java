package dev.apprentice.guard.redact;

import java.util.function.UnaryOperator;

/**
 * Restores placeholders in a streamed answer. Each chunk's restored text is returned at once, except a trailing
 * piece that could still be the start of a placeholder ({@code "<EMA"}), held back until the next chunk shows what
 * it is; {@link #finish} returns whatever is still held. Not thread-safe: one per stream.
 */
public final class StreamRestorer {

  private final RedactionSession session;
  private final UnaryOperator<String> encode;
  private final StringBuilder held = new StringBuilder();

  StreamRestorer(RedactionSession session, UnaryOperator<String> encode) {
    this.session = session;
    this.encode = encode;
  }

  /** The restored text that can be emitted after this chunk (possibly empty). */
  public String push(String chunk) {
    held.append(chunk);
    int cut = held.lastIndexOf("<");
    if (cut >= 0 && Placeholders.couldBecomeOne(held.subSequence(cut, held.length()))) {
      String ready = held.substring(0, cut);
      held.delete(0, cut);
      return session.restore(ready, encode);
    }
    String ready = held.toString();
    held.setLength(0);
    return session.restore(ready, encode);
  }

  /** The held-back rest, at the end of the stream. */
  public String finish() {
    String rest = session.restore(held.toString(), encode);
    held.setLength(0);
    return rest;
  }
}
