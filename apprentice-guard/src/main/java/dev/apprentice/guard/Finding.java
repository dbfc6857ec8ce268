package dev.apprentice.guard;

/**
 * One sensitive span a scanner found.
 *
 * @param type    Presidio's entity name ({@code EMAIL_ADDRESS}, {@code CREDIT_CARD}, …) or {@code SECRET}
 * @param subtype a finer kind where the type has several ({@code github_token}, {@code jwt}, …), else empty
 * @param start   first character, in the text the scanner was given
 * @param end     one past the last character (exclusive)
 * @param score   confidence from 0 to 1, after validation and context
 * @param text    the matched characters, {@code text.substring(start, end)}
 */
public record Finding(String type, String subtype, int start, int end, double score, String text) {

  public Finding {
    if (start < 0 || end < start) throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    subtype = subtype == null ? "" : subtype;
  }

  /** A finding without a subtype. */
  public Finding(String type, int start, int end, double score, String text) {
    this(type, "", start, end, score, text);
  }

  public int length() {
    return end - start;
  }

  public boolean overlaps(Finding other) {
    return start < other.end && other.start < end;
  }

  public boolean contains(Finding other) {
    return start <= other.start && other.end <= end && length() > other.length();
  }

  /** The same finding with another score. */
  public Finding withScore(double newScore) {
    return new Finding(type, subtype, start, end, newScore, text);
  }
}
