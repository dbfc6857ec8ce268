package dev.apprentice.guard.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The cheap prefilter in front of libphonenumber: the windows of a text where digits cluster densely enough to
 * hold a phone number (digits no more than a few characters apart), with a margin for the matcher's own checks of
 * the surrounding characters (never cutting a number in two, so an extension stays whole). Prose without such
 * clusters never reaches the matcher. After a region hint has been tried, {@link #unread} narrows the windows to the
 * digits that no valid number covers yet, so the next hint reads only those.
 */
final class PhoneCandidates {

  /** A digit run: digits at most a few characters apart, from its first digit to one past its last. */
  record Run(int start, int end) {}

  /** A window of the text, end exclusive, and the digit runs it was opened for. */
  record Window(int start, int end, List<Run> runs) {}

  private static final int MAX_GAP = 5;
  private static final int MARGIN = 12;

  private PhoneCandidates() {}

  static boolean anyRun(String text, int minDigits) {
    int digits = 0;
    for (int i = 0; i < text.length() && digits < minDigits; i++) {
      if (isDigit(text.charAt(i))) digits++;
    }
    return digits >= minDigits;
  }

  static List<Window> windows(String text, int minDigits) {
    List<Window> windows = new ArrayList<>();
    collect(text, 0, text.length(), minDigits, i -> false, windows);
    return windows;
  }

  /**
   * The windows, inside {@code windows}, of the digit runs still unread: digits for which {@code read} is true
   * (those inside valid numbers already found) count as non-digits.
   */
  static List<Window> unread(String text, List<Window> windows, int minDigits, IntPredicate read) {
    List<Window> narrowed = new ArrayList<>();
    for (Window window : windows) collect(text, window.start(), window.end(), minDigits, read, narrowed);
    return narrowed;
  }

  private static void collect(String text, int from, int to, int minDigits, IntPredicate read, List<Window> out) {
    int runStart = -1;
    int lastDigit = -1;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      boolean digit = i < to && isDigit(text.charAt(i)) && !read.test(i);
      if (digit && runStart >= 0 && i - lastDigit <= MAX_GAP) {
        lastDigit = i;
        digits++;
      } else if (digit || i == to || i - lastDigit > MAX_GAP) {
        if (runStart >= 0 && digits >= minDigits) add(out, text, runStart, lastDigit + 1);
        runStart = digit ? i : -1;
        lastDigit = digit ? i : lastDigit;
        digits = digit ? 1 : 0;
      }
    }
  }

  private static void add(List<Window> windows, String text, int start, int end) {
    int from = Math.max(0, start - MARGIN);
    int to = Math.min(text.length(), end + MARGIN);
    while (from > 0 && isDigit(text.charAt(from - 1))) from--;
    while (to < text.length() && isDigit(text.charAt(to))) to++;
    List<Run> runs = new ArrayList<>(2);
    if (!windows.isEmpty() && windows.getLast().end() >= from) {
      Window previous = windows.removeLast();
      from = previous.start();
      runs.addAll(previous.runs());
    }
    runs.add(new Run(start, end));
    windows.add(new Window(from, to, runs));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
