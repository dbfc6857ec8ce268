package dev.apprentice.guard.chat;

import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.redact.JsonEscape;
import dev.apprentice.guard.redact.RedactionSession;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool-call arguments (JSON text) as scanners read them: every string literal decoded ({@code \n}, {@code \"},
 * {@code \u00e9} become the characters they stand for), everything else as written. Redaction works on the decoded
 * values, never on escapes: a finding is replaced inside the string it lies in, which is written back escaped, so
 * "Hi,\nbob@corp.com" gives "Hi,\n&lt;EMAIL_1&gt;", not "Hi,\&lt;EMAIL_1&gt;" (an invalid escape, and a value with an
 * "n" in front). A finding over a number turns it into a string holding the placeholder. The reading is lenient
 * (JSON cut short is read string by string), and arguments that are not a JSON object or array are plain text.
 */
final class JsonArguments {

  private enum Kind { STRING, NUMBER, OTHER }

  /** A run of the text: its span in the raw text and in the view, and whether a string's closing quote is there. */
  private record Segment(Kind kind, int rawStart, int rawEnd, int viewStart, int viewEnd, boolean closed) {}

  private final String raw;
  private final String view;
  private final List<Segment> segments;

  private JsonArguments(String raw, String view, List<Segment> segments) {
    this.raw = raw;
    this.view = view;
    this.segments = segments;
  }

  static JsonArguments of(String raw) {
    if (!looksLikeJson(raw)) return new JsonArguments(raw, raw, List.of(new Segment(Kind.OTHER, 0, raw.length(), 0,
        raw.length(), true)));
    StringBuilder view = new StringBuilder(raw.length());
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    int other = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      boolean string = c == '"';
      if (!string && c != '-' && (c < '0' || c > '9')) {
        i++;
        continue;
      }
      if (other < i) {
        segments.add(new Segment(Kind.OTHER, other, i, view.length(), view.length() + i - other, true));
        view.append(raw, other, i);
      }
      if (string) {
        view.append('"');
        int viewStart = view.length();
        int close = decodeString(raw, i + 1, view);
        boolean closed = close < raw.length();
        segments.add(new Segment(Kind.STRING, i, closed ? close + 1 : close, viewStart, view.length(), closed));
        if (closed) view.append('"');
        i = closed ? close + 1 : close;
      } else {
        int end = i + 1;
        while (end < raw.length() && isNumberChar(raw.charAt(end))) end++;
        segments.add(new Segment(Kind.NUMBER, i, end, view.length(), view.length() + end - i, true));
        view.append(raw, i, end);
        i = end;
      }
      other = i;
    }
    if (other < raw.length()) {
      segments.add(new Segment(Kind.OTHER, other, raw.length(), view.length(), view.length() + raw.length() - other,
          true));
      view.append(raw, other, raw.length());
    }
    return new JsonArguments(raw, view.toString(), segments);
  }

  /** The text with every string literal decoded, as scanners read it. */
  String view() {
    return view;
  }

  /** The text as written. */
  String raw() {
    return raw;
  }

  /**
   * The raw text with {@code findings} (offsets in the view) replaced by the session's placeholders in the runs they
   * lie in: a string is written back escaped, a number becomes a string, the text between them is replaced as it is.
   * A finding that reaches over a quote is cut there, each piece replaced where it lies.
   */
  String redact(RedactionSession session, List<Finding> findings) {
    List<Finding> chosen = Overlaps.covering(new ArrayList<>(findings), view);
    StringBuilder out = new StringBuilder(raw.length() + 16);
    int rawAt = 0;
    int next = 0;
    for (Segment segment : segments) {
      while (next < chosen.size() && chosen.get(next).end() <= segment.viewStart()) next++;
      List<Finding> inside = piecesIn(segment, chosen, next);
      if (inside.isEmpty()) continue;
      String redacted = session.redact(view.substring(segment.viewStart(), segment.viewEnd()), inside).text();
      out.append(raw, rawAt, segment.rawStart());
      switch (segment.kind()) {
        case STRING -> out.append('"').append(JsonEscape.escape(redacted)).append(segment.closed() ? "\"" : "");
        case NUMBER -> out.append('"').append(JsonEscape.escape(redacted)).append('"');
        case OTHER -> out.append(redacted);
      }
      rawAt = segment.rawEnd();
    }
    return rawAt == 0 ? raw : out.append(raw, rawAt, raw.length()).toString();
  }

  /** The parts of the findings from {@code from} on that lie in {@code segment}, offsets in its content. */
  private List<Finding> piecesIn(Segment segment, List<Finding> chosen, int from) {
    List<Finding> inside = new ArrayList<>(1);
    for (int k = from; k < chosen.size() && chosen.get(k).start() < segment.viewEnd(); k++) {
      Finding f = chosen.get(k);
      int start = Math.max(f.start(), segment.viewStart());
      int end = Math.min(f.end(), segment.viewEnd());
      if (start >= end) continue;
      inside.add(new Finding(f.type(), f.subtype(), start - segment.viewStart(), end - segment.viewStart(), f.score(),
          view.substring(start, end)));
    }
    return inside;
  }

  private static boolean looksLikeJson(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (!Character.isWhitespace(c)) return c == '{' || c == '[';
    }
    return false;
  }

  /**
   * Decodes the characters of the string literal that start at {@code from} into {@code view}; returns the index of
   * its closing quote, or the length of the text when it is cut short. An escape that is not JSON is kept as written.
   */
  private static int decodeString(String raw, int from, StringBuilder view) {
    int i = from;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '"') return i;
      if (c != '\\' || i + 1 >= raw.length()) {
        view.append(c);
        i++;
        continue;
      }
      char e = raw.charAt(i + 1);
      int hex = e == 'u' && i + 6 <= raw.length() ? hex(raw, i + 2) : -1;
      switch (e) {
        case '"', '\\', '/' -> view.append(e);
        case 'b' -> view.append('\b');
        case 'f' -> view.append('\f');
        case 'n' -> view.append('\n');
        case 'r' -> view.append('\r');
        case 't' -> view.append('\t');
        case 'u' -> view.append(hex < 0 ? "\\u" : String.valueOf((char) hex));
        default -> view.append(raw, i, i + 2);
      }
      i += hex < 0 ? 2 : 6;
    }
    return i;
  }

  private static int hex(String raw, int from) {
    int value = 0;
    for (int k = from; k < from + 4; k++) {
      char c = raw.charAt(k);
      int digit = c < 128 ? Character.digit(c, 16) : -1;
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
  }
}
