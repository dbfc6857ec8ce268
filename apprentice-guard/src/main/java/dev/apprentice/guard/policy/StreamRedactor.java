package dev.apprentice.guard.policy;

import dev.apprentice.guard.redact.HeldText;
import dev.apprentice.guard.redact.RedactionSession;

/**
 * One text of a streamed answer held back and redacted by its stream's {@link StreamRedaction}: fragments are held
 * until more than the window has arrived, then what lies before the window's edge goes out redacted. After that first
 * pass, a pass waits for a quarter of the window more (a stream's fragments are a few characters each: reading the
 * window again for each would cost four times as much), and one that left more than twice the window held (a long
 * value or run still growing) waits until the held text has doubled, so a long run costs passes in proportion to its
 * length, not its square. Not thread-safe: one per text of one stream.
 */
final class StreamRedactor implements HeldText {

  private final StreamRedaction stream;
  /** Where the placeholders of this text's choice come from. */
  private final RedactionSession oneWay;
  private final StringBuilder held = new StringBuilder();
  /** The end of what was given out, as the upstream wrote it: the context of the next pass. */
  private String lead = "";
  /** The held length from which the next pass is worth it. */
  private int passAt;

  StreamRedactor(StreamRedaction stream, RedactionSession oneWay) {
    this.stream = stream;
    this.oneWay = oneWay;
    this.passAt = stream.holdback() + 1;
  }

  @Override
  public String push(String fragment) {
    held.append(fragment);
    return held.length() < passAt ? "" : pass(false);
  }

  @Override
  public String finish() {
    return held.isEmpty() ? "" : pass(true);
  }

  /**
   * A stream that broke off gives out what lies before the window's edge, redacted, and drops the rest: it may be the
   * start of a value that will never be seen whole.
   */
  @Override
  public String abandon() {
    if (held.isEmpty()) return "";
    String out = pass(false);
    held.setLength(0);
    return out;
  }

  private String pass(boolean end) {
    String text = lead + held;
    StreamRedaction.Release release = stream.release(oneWay, text, lead.length(), end);
    String given = text.substring(lead.length(), release.cut());
    held.delete(0, given.length());
    String written = lead + given;
    lead = written.substring(Math.max(0, written.length() - StreamRedaction.LEAD));
    int window = stream.holdback();
    passAt = held.length() > 2 * window ? 2 * held.length() : Math.max(held.length(), window) + window / 4;
    return release.out();
  }
}
