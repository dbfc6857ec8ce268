package dev.apprentice.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * A text as the scanners read it, with the way back to the original: for each normalised character, the span of
 * original characters it came from.
 */
public final class NormalisedText {

  private final String original;
  private final String text;
  private final int[] starts;
  private final int[] ends;

  NormalisedText(String original, String text, int[] starts, int[] ends) {
    this.original = original;
    this.text = text;
    this.starts = starts;
    this.ends = ends;
  }

  static NormalisedText identity(String text) {
    return new NormalisedText(text, text, null, null);
  }

  /** The same map over {@code sameLength}: characters replaced one for one (lookalike letters read as ASCII). */
  NormalisedText withText(String sameLength) {
    if (sameLength.length() != text.length()) throw new IllegalArgumentException("the text must keep its length");
    return new NormalisedText(original, sameLength, starts, ends);
  }

  public String original() {
    return original;
  }

  /** The normalised text. */
  public String text() {
    return text;
  }

  public boolean changed() {
    return starts != null || text != original; // the very same string unless lookalikes were read as ASCII
  }

  /** Original offset of the normalised character at {@code index} (the original length at the end). */
  public int originalStart(int index) {
    if (starts == null) return index;
    return index >= text.length() ? original.length() : starts[index];
  }

  /** Original offset one past the characters that produced normalised characters before {@code endExclusive}. */
  public int originalEnd(int endExclusive) {
    if (ends == null) return endExclusive;
    return endExclusive <= 0 ? 0 : ends[endExclusive - 1];
  }

  /** A finding on the normalised text, moved onto the original text (offsets and matched characters). */
  public Finding toOriginal(Finding finding) {
    if (!changed()) return finding;
    int start = originalStart(finding.start());
    int end = finding.end() == finding.start() ? start : originalEnd(finding.end());
    return new Finding(finding.type(), finding.subtype(), start, end, finding.score(), original.substring(start, end));
  }

  /** Every finding moved onto the original text. */
  public List<Finding> toOriginal(List<Finding> findings) {
    if (!changed()) return findings;
    List<Finding> moved = new ArrayList<>(findings.size());
    for (Finding finding : findings) moved.add(toOriginal(finding));
    return moved;
  }
}
