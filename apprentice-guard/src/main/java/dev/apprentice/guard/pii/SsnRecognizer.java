package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.regex.Pattern;

/**
 * US Social Security numbers that keep the issuing rules ({@link SsnRules}), written 3-2-4 with dashes, spaces or
 * nothing between the groups (the same separator twice). Dashes score highest; nine bare digits need context.
 */
final class SsnRecognizer implements Recognizer {

  private static final Anchored.FirstChars FIRST = Anchored.FirstChars.of(Anchored.DIGITS);
  private static final Pattern SSN = Pattern.compile("(\\d{3})([- ]?)(\\d{2})\\2(\\d{4})(?![\\d-]|\\.\\d)");

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    Anchored.each(scan, FIRST, SSN, SsnRecognizer::startsHere, matcher -> {
      if (SsnRules.valid(matcher.group(1), matcher.group(3), matcher.group(4))) {
        String separator = matcher.group(2);
        double score = separator.equals("-") ? 0.6 : separator.equals(" ") ? 0.4 : 0.2;
        out.add(new Finding("US_SSN", matcher.start(), matcher.end(), score, matcher.group()));
      }
      return matcher.end();
    });
  }

  private static boolean startsHere(String text, int i) {
    char before = Anchored.before(text, i);
    return Anchored.isDigit(text.charAt(i)) && !Anchored.isAsciiAlnum(before) && before != '.' && before != '-';
  }
}
