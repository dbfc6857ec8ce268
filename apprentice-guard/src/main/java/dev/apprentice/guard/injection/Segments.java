package dev.apprentice.guard.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a text into the pieces the detector scores one by one, so that one injected sentence in a long document is
 * not averaged away: prose splits at sentence ends and line breaks, a fenced code block stays whole, a fragment
 * shorter than {@link #FRAGMENT} characters ("Hi Anna,", a heading) is joined to its neighbour, and a piece longer
 * than {@link #LONGEST} characters (a long unbroken sentence or code block) is cut into parts at white space. A text
 * of up to {@link #WINDOW} characters is one segment. Segments cost little more than one long text: the embedder
 * batches them.
 */
final class Segments {

  /** A text this long or shorter is scored whole; no joined segment grows past it (about 60 tokens of English). */
  static final int WINDOW = 280;
  /** Pieces shorter than this join a neighbour. */
  static final int FRAGMENT = 48;
  /**
   * A longer piece (one unbroken sentence, a code block) is cut into parts of at most this many characters, within
   * the embedding's 256 tokens even for code.
   */
  static final int LONGEST = 2 * WINDOW;

  /** One segment: its text and where it sits in the text it was cut from. */
  record Segment(String text, int start, int end) {}

  private static final Pattern FENCE = Pattern.compile("```.*?(```|\\z)", Pattern.DOTALL);
  private static final Pattern BREAK = Pattern.compile("(?<=[.!?。！？])\\s+|\\n+");

  private Segments() {}

  static List<Segment> of(String text) {
    if (text.strip().length() <= WINDOW) return text.isBlank() ? List.of() : List.of(trimmed(text, 0, text.length()));
    List<Segment> pieces = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    int at = 0;
    while (fence.find()) {
      prose(text, at, fence.start(), pieces);
      add(text, fence.start(), fence.end(), pieces);
      at = fence.end();
    }
    prose(text, at, text.length(), pieces);
    return joined(text, pieces);
  }

  private static void prose(String text, int from, int to, List<Segment> pieces) {
    Matcher breaks = BREAK.matcher(text).region(from, to);
    int at = from;
    while (breaks.find()) {
      if (breaks.start() > at) add(text, at, breaks.start(), pieces);
      at = breaks.end();
    }
    if (to > at) add(text, at, to, pieces);
  }

  /**
   * The piece, cut at white space into parts of at most {@link #LONGEST} characters when it is longer: the embedding
   * reads a limited number of tokens, so an instruction placed after a long unbroken sentence or deep in a code block
   * would otherwise never reach it.
   */
  private static void add(String text, int start, int end, List<Segment> pieces) {
    while (end - start > LONGEST) {
      int cut = start + LONGEST;
      while (cut > start + LONGEST / 2 && !Character.isWhitespace(text.charAt(cut))) cut--;
      if (!Character.isWhitespace(text.charAt(cut))) cut = start + LONGEST;
      if (!text.substring(start, cut).isBlank()) pieces.add(trimmed(text, start, cut));
      start = cut;
    }
    if (!text.substring(start, end).isBlank()) pieces.add(trimmed(text, start, end));
  }

  /** A fragment joins its neighbour while the result stays within the window; whole sentences stay on their own. */
  private static List<Segment> joined(String text, List<Segment> pieces) {
    List<Segment> segments = new ArrayList<>();
    Segment open = null;
    for (Segment piece : pieces) {
      boolean fragment = open != null && (open.text().length() < FRAGMENT || piece.text().length() < FRAGMENT);
      if (fragment && piece.end() - open.start() <= WINDOW) {
        open = new Segment(text.substring(open.start(), piece.end()), open.start(), piece.end());
      } else {
        if (open != null) segments.add(open);
        open = piece;
      }
    }
    if (open != null) segments.add(open);
    return segments;
  }

  private static Segment trimmed(String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) start++;
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
    return new Segment(text.substring(start, end), start, end);
  }
}
