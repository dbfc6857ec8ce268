package dev.apprentice.guard.redact;

/**
 * Restores placeholders in a streamed answer. Each chunk's restored text is returned at once, except a trailing
 * piece that could still be the start of a placeholder ({@code "<EMA"}; in JSON also a start of its bracket's unicode
 * escape), held back until the next chunk shows what it is; {@link #finish} returns whatever is still held. Not
 * thread-safe: one per stream.
 */
public final class StreamRestorer implements HeldText {

  private final RedactionSession session;
  private final boolean json;
  private final StringBuilder held = new StringBuilder();

  /** @param json the stream is JSON text (tool-call arguments): restored as {@link RedactionSession#restoreInJson} */
  StreamRestorer(RedactionSession session, boolean json) {
    this.session = session;
    this.json = json;
  }

  /** The restored text that can be emitted after this chunk (possibly empty). */
  @Override
  public String push(String chunk) {
    held.append(chunk);
    int cut = json ? heldInJsonFrom() : heldFrom();
    if (cut >= 0) {
      String ready = held.substring(0, cut);
      held.delete(0, cut);
      return restore(ready);
    }
    String ready = held.toString();
    held.setLength(0);
    return restore(ready);
  }

  /** The held-back rest, at the end of the stream. */
  @Override
  public String finish() {
    String rest = restore(held.toString());
    held.setLength(0);
    return rest;
  }

  private String restore(String text) {
    return session.restore(text, json);
  }

  /** Where the trailing start of a placeholder begins, or -1 when the held text ends with none. */
  private int heldFrom() {
    int cut = held.lastIndexOf("<");
    return cut >= 0 && Placeholders.couldBecomeOne(held.subSequence(cut, held.length())) ? cut : -1;
  }

  /** As {@link #heldFrom}, a bracket in JSON being '<' or its escape: the earliest start that could still grow. */
  private int heldInJsonFrom() {
    for (int at = Math.max(0, held.length() - Placeholders.MAX_JSON_LENGTH); at < held.length(); at++) {
      char c = held.charAt(at);
      if ((c == '<' || c == '\\') && Placeholders.couldBecomeOneInJson(held.subSequence(at, held.length()))) return at;
    }
    return -1;
  }
}
