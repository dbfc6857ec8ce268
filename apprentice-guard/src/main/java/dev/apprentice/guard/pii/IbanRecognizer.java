package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * IBANs, compact or grouped with spaces or dashes, in either case: the country's length and the mod-97 check must
 * both hold. When words follow the number the span stops where the country's length is reached.
 */
final class IbanRecognizer implements Recognizer {

  private static final Anchored.FirstChars FIRST = Anchored.FirstChars.of(Anchored.LETTERS);
  private static final Pattern IBAN = Pattern.compile("[A-Za-z]{2}\\d{2}(?:[ -]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])");

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    Anchored.each(scan, FIRST, IBAN, IbanRecognizer::startsHere, matcher -> {
      int expected = Iban.length(text.substring(matcher.start(), matcher.start() + 2).toUpperCase(Locale.ROOT));
      if (expected == 0) return matcher.start() + 1;
      StringBuilder compact = new StringBuilder(34);
      int end = matcher.start();
      while (end < matcher.end() && compact.length() < expected) {
        char c = text.charAt(end++);
        if (c != ' ' && c != '-') compact.append(c);
      }
      boolean ends = end == matcher.end() || text.charAt(end) == ' ' || text.charAt(end) == '-';
      if (compact.length() != expected || !ends || !Iban.valid(compact.toString())) return matcher.start() + 1;
      out.add(new Finding("IBAN_CODE", matcher.start(), end, 0.9, text.substring(matcher.start(), end)));
      return end;
    });
  }

  /** Two letters then two digits, at the start of a token. */
  private static boolean startsHere(String text, int i) {
    return i + 3 < text.length() && Anchored.isAsciiLetter(text.charAt(i))
        && Anchored.isAsciiLetter(text.charAt(i + 1)) && Anchored.isDigit(text.charAt(i + 2))
        && Anchored.isDigit(text.charAt(i + 3)) && !Anchored.isAsciiAlnum(Anchored.before(text, i));
  }
}
