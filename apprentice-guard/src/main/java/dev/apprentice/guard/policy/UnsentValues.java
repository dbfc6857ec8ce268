package dev.apprentice.guard.policy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.chat.ChatTexts;

/**
 * Asks whether an answer holds a value its request did not: a finding of a scanner in the answer's texts that counts
 * (at or above the scanner's threshold) and that no text of the request holds, as written or written another way
 * ({@link CallerValues}: a card number with other spaces, an e-mail address in another case). Placeholders are not
 * values. Such a value was made up or leaked by the model, or read from the request in a form its own check missed.
 */
public final class UnsentValues {

  private final CallerValues sent;

  /** @param request the request the answer was made for, as the upstream got it (placeholders of a redaction in) */
  public UnsentValues(ChatRequest request) {
    this.sent = new CallerValues(ChatTexts.joined(ChatTexts.of(request)));
  }

  /** True when {@code scanner} finds in {@code answer} a value that counts and that the request does not hold. */
  public boolean in(ChatResponse answer, Scanner scanner) {
    for (ChatTexts.Text text : ChatTexts.of(answer)) {
      for (Finding finding : scanner.scan(text.value()).findings()) {
        if (finding.score() >= scanner.threshold() && !sent.sent(finding)) return true;
      }
    }
    return false;
  }
}
