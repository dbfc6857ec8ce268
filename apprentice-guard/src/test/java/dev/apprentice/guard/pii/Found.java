package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;

/** Short descriptions of findings for assertions: {@code TYPE:text}. */
final class Found {

  private static final PiiScanner SCANNER = new PiiScanner();

  private Found() {}

  static List<String> in(String text) {
    return in(SCANNER, text);
  }

  static List<String> in(PiiScanner scanner, String text) {
    return scanner.scan(text).findings().stream().map(Found::describe).toList();
  }

  static String describe(Finding finding) {
    return finding.type() + ":" + finding.text();
  }
}
