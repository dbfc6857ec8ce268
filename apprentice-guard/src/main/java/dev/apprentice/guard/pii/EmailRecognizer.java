package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses: a local part (at most 64 characters, no leading, trailing or double dot; apostrophes inside, as
 * in o'neil, but not in front, where they are quotes) and a DNS domain (at most 253 characters).
 */
final class EmailRecognizer implements Recognizer {

  private static final Pattern DOMAIN = Pattern.compile(
      "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{2,59})(?![A-Za-z0-9-])");
  /** The longest domain name; the pattern, which recurses once per label, never reads further (a stack overflow). */
  private static final int MAX_DOMAIN = 253;

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    int at = text.indexOf('@');
    if (at < 0) return;
    Matcher domain = DOMAIN.matcher(text).useTransparentBounds(true);
    while (at >= 0) {
      int start = at;
      while (start > 0 && at - start < 64 && isLocalChar(text.charAt(start - 1))) start--;
      boolean atBoundary = start == 0 || !isLocalChar(text.charAt(start - 1));
      while (start < at && isApostrophe(text.charAt(start))) start++; // a quote around the address, not part of it
      if (start < at && atBoundary && goodLocalPart(text, start, at)) {
        domain.region(at + 1, Math.min(text.length(), at + 1 + MAX_DOMAIN));
        if (domain.lookingAt()) {
          out.add(new Finding("EMAIL_ADDRESS", start, domain.end(), 0.9, text.substring(start, domain.end())));
        }
      }
      at = text.indexOf('@', at + 1);
    }
  }

  private static boolean goodLocalPart(String text, int start, int at) {
    if (text.charAt(start) == '.' || text.charAt(at - 1) == '.') return false;
    for (int i = start + 1; i < at; i++) {
      if (text.charAt(i) == '.' && text.charAt(i - 1) == '.') return false;
    }
    return true;
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '%' || c == '+' || c == '-' || isApostrophe(c) || (c >= 0x80 && Character.isLetter(c));
  }

  /** O'Neil, o’brien: a typed or a typographic apostrophe. */
  private static boolean isApostrophe(char c) {
    return c == '\'' || c == '\u2019';
  }
}
