package dev.apprentice.guard.policy;

import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Scanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The values a caller sent (with the passages retrieved for it, {@link #with}), for "did the caller send this?" questions about an answer's findings. A model echoes a
 * value the way it likes: a card or phone number with other spaces, dashes or brackets ({@code 4111 1111 1111 1111}
 * as {@code 4111-1111-1111-1111}, {@code +1 650-253-0000} as {@code (650) 253-0000}), an e-mail address or an IBAN
 * in another case or grouping. So numbers are compared by their digits, within one run of digits of the caller's
 * texts (digits with only spaces, dashes, dots, brackets, slashes or '+' between them), a phone number also when the
 * answer adds a country code to one the caller wrote without; e-mail addresses in lower case; IBANs by their letters
 * and digits. Anything else must appear as written. The caller's texts are read only when a question is first asked.
 */
final class CallerValues {

  private static final String NUMBER_SEPARATORS = "-.()/+";
  /** The shortest run of digits a phone number may extend with a country code. */
  private static final int NATIONAL_NUMBER = 7;

  private final Supplier<String> texts;
  private String text;
  private String lowerCase;
  private String alphanumeric;
  private List<String> digitRuns;

  CallerValues(String text) {
    this(() -> text);
  }

  /** @param texts every text the caller sent, joined; asked once, when a finding must first be looked up */
  CallerValues(Supplier<String> texts) {
    this.texts = texts;
  }

  /**
   * The caller's texts and the others that went to the upstream with them, whose values are not the answer's own
   * either: the passages a {@code rag:} model's retrieval put into the prompt, from the operator's collection (quoting
   * the handbook's address is not leaking the caller's data). The one place the guard's output check and the semantic
   * cache's read of an answer agree on what was sent.
   *
   * @param callerTexts every text the caller sent, joined; asked once, when a finding must first be looked up
   * @param alsoSent    the other texts, each on a line of its own after the caller's (as {@code joined} writes them)
   */
  static CallerValues with(Supplier<String> callerTexts, List<String> alsoSent) {
    if (alsoSent.isEmpty()) return new CallerValues(callerTexts);
    return new CallerValues(() -> {
      StringBuilder texts = new StringBuilder(callerTexts.get());
      if (!texts.isEmpty() && texts.charAt(texts.length() - 1) != '\n') texts.append('\n');
      for (String text : alsoSent) texts.append(text).append('\n');
      return texts.toString();
    });
  }

  /**
   * True when {@code finding} of {@code scanner} in an answer counts (scores at least the scanner's threshold) and
   * the caller did not send it: the value an answer's check acts on. The threshold is read first, so a finding that
   * does not count never makes the caller's texts be read.
   */
  boolean counts(Finding finding, Scanner scanner) {
    return finding.score() >= scanner.threshold() && !sent(finding);
  }

  /** True when the caller sent the value of {@code finding}, as written or written another way. */
  boolean sent(Finding finding) {
    String value = finding.text();
    if (text().contains(value)) return true;
    return switch (finding.type()) {
      case "EMAIL_ADDRESS" -> lowerCase().contains(value.toLowerCase(Locale.ROOT));
      case "IBAN_CODE" -> alphanumeric().contains(alphanumeric(value));
      case "CREDIT_CARD", "US_SSN" -> inDigitRun(digits(value), false);
      case "PHONE_NUMBER" -> inDigitRun(digits(value), true);
      default -> false;
    };
  }

  private boolean inDigitRun(String digits, boolean phone) {
    if (digits.isEmpty()) return false;
    for (String run : digitRuns()) {
      if (run.contains(digits)) return true;
      if (phone && run.length() >= NATIONAL_NUMBER && digits.endsWith(run)) return true;
    }
    return false;
  }

  private String text() {
    if (text == null) text = texts.get();
    return text;
  }

  private String lowerCase() {
    if (lowerCase == null) lowerCase = text().toLowerCase(Locale.ROOT);
    return lowerCase;
  }

  private String alphanumeric() {
    if (alphanumeric == null) alphanumeric = alphanumeric(text());
    return alphanumeric;
  }

  /** The caller's runs of digits, each as its digits only (any script's digits read as 0-9). */
  private List<String> digitRuns() {
    if (digitRuns != null) return digitRuns;
    digitRuns = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    String text = text();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = Character.digit(c, 10);
      if (digit >= 0) {
        run.append((char) ('0' + digit));
      } else if (!separates(c) && !run.isEmpty()) {
        digitRuns.add(run.toString());
        run.setLength(0);
      }
    }
    if (!run.isEmpty()) digitRuns.add(run.toString());
    return digitRuns;
  }

  /** True for what may stand between the digits of one number: a space (not a line break) or a number's mark. */
  private static boolean separates(char c) {
    return (Character.isSpaceChar(c) || c == '\t') || NUMBER_SEPARATORS.indexOf(c) >= 0;
  }

  private static String digits(String value) {
    StringBuilder digits = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      int digit = Character.digit(value.charAt(i), 10);
      if (digit >= 0) digits.append((char) ('0' + digit));
    }
    return digits.toString();
  }

  private static String alphanumeric(String value) {
    StringBuilder kept = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetterOrDigit(c)) kept.append(Character.toUpperCase(c));
    }
    return kept.toString();
  }
}
