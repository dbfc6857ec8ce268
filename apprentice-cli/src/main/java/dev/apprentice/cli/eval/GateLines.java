package dev.apprentice.cli.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * One check or failure of {@code eval gate} as printed: its mark ({@code ok} or {@code FAIL}, padded to six columns)
 * then its text, held to {@value #WIDTH} columns so that a CI log does not wrap it. What does not fit continues on
 * lines indented six columns, broken after a comma, semicolon or colon where one fits (else at a space); a word
 * longer than the room left stays whole. Every first line starts with its mark, so a log still greps by it.
 */
final class GateLines {

  static final int WIDTH = 120;
  private static final String INDENT = " ".repeat(6);

  private GateLines() {}

  /** The printed lines of {@code text} under {@code mark} ({@code "ok"} or {@code "FAIL"}). */
  static List<String> of(String mark, String text) {
    List<String> lines = new ArrayList<>();
    String lead = (mark + INDENT).substring(0, INDENT.length());
    String rest = text;
    while (lead.length() + rest.length() > WIDTH) {
      int cut = breakAt(rest, WIDTH - lead.length());
      if (cut <= 0) break;
      lines.add(lead + rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
      lead = INDENT;
    }
    lines.add(lead + rest);
    return lines;
  }

  /**
   * Where to end a line of at most {@code room} characters of {@code text}: after the last punctuation followed by a
   * space that fits in the line's second half, else at the last space that fits, else at the first space (a word
   * longer than the room); 0 for none.
   */
  private static int breakAt(String text, int room) {
    int space = -1;
    for (int i = Math.min(room, text.length() - 1); i > 0; i--) {
      if (text.charAt(i) != ' ') continue;
      if (i >= room / 2 && ",;:".indexOf(text.charAt(i - 1)) >= 0) return i;
      if (space < 0) space = i;
    }
    if (space > 0) return space;
    int first = text.indexOf(' ', room);
    return Math.max(first, 0);
  }
}
