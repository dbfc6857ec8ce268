package dev.apprentice.guard.policy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.chat.AttachedFiles;
import dev.apprentice.guard.chat.ChatTexts;
import java.util.List;

/**
 * Asks whether an answer holds a value its request did not: a finding of a scanner in the answer's texts that counts
 * (at or above the scanner's threshold) and that no text of the request holds, as written or written another way
 * ({@link CallerValues}: a card number with other spaces, an e-mail address in another case). Placeholders are not
 * values. Such a value was made up or leaked by the model, or read from the request in a form its own check missed.
 * The answer is read first: the request's texts are gathered (every turn, files decoded) only for a finding that
 * counts, which most answers do not hold.
 */
public final class UnsentValues {

  private final CallerValues sent;

  /** @param request the request the answer was made for, as the upstream got it (placeholders of a redaction in) */
  public UnsentValues(ChatRequest request) {
    this(request, List.of());
  }

  /**
   * @param request  the request the answer was made for, as the cache saw it (placeholders of a redaction in)
   * @param alsoSent other texts that went to the upstream with it, whose values are not the answer's own (the
   *                 passages a retrieval step put into the prompt after the request was taken)
   */
  public UnsentValues(ChatRequest request, List<String> alsoSent) {
    this(request, alsoSent, new AttachedFiles());
  }

  /** @param files the call's attached files, decoded once for all its passes */
  public UnsentValues(ChatRequest request, List<String> alsoSent, AttachedFiles files) {
    this.sent = CallerValues.with(() -> ChatTexts.joined(ChatTexts.of(request, files)), alsoSent);
  }

  /** True when {@code scanner} finds in {@code answer} a value that counts and that the request does not hold. */
  public boolean in(ChatResponse answer, Scanner scanner) {
    return first(answer, List.of(scanner)) != null;
  }

  /**
   * The first of {@code scanners} (in their order) that finds in {@code answer} a value that counts and that the
   * request does not hold, or null when none does. The answer's texts are walked once for all of them, each read by
   * every scanner together, as the guard reads a request: the digits of a key are the key's
   * ({@link Overlaps#betweenScanners}).
   */
  public Scanner first(ChatResponse answer, List<Scanner> scanners) {
    int found = scanners.size();
    for (ChatTexts.Text text : ChatTexts.of(answer)) {
      List<ScanResult> results = Overlaps.scanTogether(scanners, text.value());
      for (int i = 0; i < found; i++) {
        if (holds(results.get(i), scanners.get(i))) found = i;
      }
      if (found == 0) break;
    }
    return found == scanners.size() ? null : scanners.get(found);
  }

  private boolean holds(ScanResult result, Scanner scanner) {
    for (Finding finding : result.findings()) {
      if (sent.counts(finding, scanner)) return true;
    }
    return false;
  }
}
