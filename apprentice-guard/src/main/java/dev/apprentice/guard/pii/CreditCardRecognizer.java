package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 12 to 19 digits, grouped with spaces or dashes or not, passing the Luhn check. A number in a
 * known issuer range with that network's length scores high; other Luhn-valid 13–19-digit numbers of the card
 * industries score low and need context words (12-digit Maestro numbers too).
 */
final class CreditCardRecognizer implements Recognizer {

  /** The fewest characters a run of digit groups needs to hold a card number (12 digits). */
  private static final int MIN_RUN = 12;
  private static final Anchored.FirstChars FIRST = Anchored.FirstChars.of(Anchored.DIGITS);
  private static final Pattern DIGIT_RUN = Pattern.compile("\\d++(?:[ -]\\d++)*+(?![A-Za-z])");

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    List<int[]> groups = new ArrayList<>();
    Anchored.each(scan, FIRST, DIGIT_RUN, CreditCardRecognizer::startsHere, run -> {
      if (run.end() - run.start() < MIN_RUN) return run.end();
      groups.clear();
      int i = run.start();
      while (i < run.end()) {
        int start = i;
        while (i < run.end() && Anchored.isDigit(text.charAt(i))) i++;
        groups.add(new int[] {start, i});
        i++;
      }
      findCards(text, groups, out);
      return run.end();
    });
  }

  /**
   * A digit at the start of a token whose run of digit groups (apart by single spaces or dashes) is long enough to
   * hold a card: most digit runs in a prompt are not, and this keeps them from the regex.
   */
  private static boolean startsHere(String text, int i) {
    if (!Anchored.isDigit(text.charAt(i)) || Anchored.isAsciiAlnum(Anchored.before(text, i))) return false;
    int n = text.length();
    int end = i;
    while (end < n && end - i < MIN_RUN) {
      char c = text.charAt(end);
      if (Anchored.isDigit(c)) {
        end++;
      } else if ((c == ' ' || c == '-') && end + 1 < n && Anchored.isDigit(text.charAt(end + 1))) {
        end += 2;
      } else {
        break;
      }
    }
    return end - i >= MIN_RUN;
  }

  /** Left to right, the longest valid window of whole groups at each starting group. */
  private static void findCards(String text, List<int[]> groups, List<Finding> out) {
    int first = 0;
    while (first < groups.size()) {
      Finding best = null;
      int bestLast = -1;
      StringBuilder digits = new StringBuilder(19);
      for (int last = first; last < groups.size(); last++) {
        digits.append(text, groups.get(last)[0], groups.get(last)[1]);
        if (digits.length() > 19) break;
        double score = score(digits.toString());
        if (score > 0 && (best == null || score >= best.score())) {
          int start = groups.get(first)[0];
          int end = groups.get(last)[1];
          best = new Finding("CREDIT_CARD", start, end, score, text.substring(start, end));
          bestLast = last;
        }
      }
      if (best != null) {
        out.add(best);
        first = bestLast + 1;
      } else {
        first++;
      }
    }
  }

  private static double score(String digits) {
    if (digits.length() < 12 || !Luhn.valid(digits) || allSame(digits)) return 0;
    String network = CardIssuers.network(digits);
    if (network != null) return digits.length() >= 13 ? 0.8 : 0.35;
    return digits.length() >= 13 && CardIssuers.cardIndustry(digits) ? 0.3 : 0;
  }

  private static boolean allSame(String digits) {
    for (int i = 1; i < digits.length(); i++) {
      if (digits.charAt(i) != digits.charAt(0)) return false;
    }
    return true;
  }
}
