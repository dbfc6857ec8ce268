package dev.apprentice.server.guard;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.cache.PrivateValues;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.UnsentValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The values that keep a call from the semantic cache tier ({@link PrivateValues}): personal data and secrets, found
 * by the PII and secrets scanners with the model's {@code guard:} settings (types, phone regions, thresholds) whether
 * or not its guard acts on them — the guard's own scanners when it has them, else scanners of the same settings made
 * for this alone (pattern scans: microseconds for a prompt). What the guard already read is not read again unless it
 * was flagged: a {@code pass} verdict means the request holds no such value, a {@code redact} one that each was
 * replaced by a placeholder; a {@code flag} verdict may be about another turn, so the last one is read. An answer
 * is read once for both scanners, and the request's texts only when the answer holds a value that counts.
 */
final class SemanticPrivacy implements PrivateValues {

  /**
   * How the check reads: bumped when a change to the reading itself (not to its settings) would find values an entry
   * checked before did not, so that such entries are read again on their next semantic hit.
   */
  static final int VERSION = 1;

  /**
   * The scanners one model's prompts and answers are read with, and the identity of that reading
   * ({@link #check(GuardSettings)}).
   */
  record Readers(Scanner pii, Scanner secrets, String check) {}

  private final Map<String, Readers> byModel;
  private final ScannersOfCalls calls;

  /** @param byModel the readers of each model whose semantic tier leaves private values alone, by alias */
  SemanticPrivacy(Map<String, Readers> byModel) {
    this(byModel, new ScannersOfCalls());
  }

  /** @param calls the guard's scanners of each call, whose attached files it decoded already */
  SemanticPrivacy(Map<String, Readers> byModel, ScannersOfCalls calls) {
    this.byModel = Map.copyOf(byModel);
    this.calls = calls;
  }

  /**
   * The identity of the check a model with these {@code guard:} settings gets: a fingerprint of what decides what it
   * finds — the PII types (in any order), the phone regions (in order: the first is tried first), both thresholds and
   * {@link #VERSION}. Not the guard's actions: the check reads with both scanners whatever the guard does with them,
   * and a redacting guard's placeholders change the cache key itself. Twelve hex digits of a SHA-256.
   */
  static String check(GuardSettings settings) {
    String recipe = "v" + VERSION + " pii=" + new TreeSet<>(settings.piiEntities()) + " regions="
        + settings.phoneRegions() + " pii_threshold=" + settings.piiThreshold() + " secrets_threshold="
        + settings.secretsThreshold();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(recipe.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String check(String model) {
    Readers readers = byModel.get(model);
    return readers == null ? null : readers.check();
  }

  @Override
  public String inPrompt(Call call, String prompt) {
    Readers readers = byModel.get(call.model());
    if (readers == null) return null;
    List<GuardVerdict> verdicts = call.verdicts();
    boolean pii = unread(verdicts, readers.pii());
    boolean secrets = unread(verdicts, readers.secrets());
    if (!pii && !secrets) return null;
    ScanResult none = ScanResult.of("", List.of());
    // read together, as the guard reads them: the digits of a key are the key's, no phone number
    List<ScanResult> found = Overlaps.betweenScanners(
        List.of(pii ? readers.pii().scan(prompt) : none, secrets ? readers.secrets().scan(prompt) : none),
        List.of(readers.pii().threshold(), readers.secrets().threshold()));
    if (counts(found.get(0), readers.pii())) return TraceDetails.PII_IN_PROMPT;
    if (counts(found.get(1), readers.secrets())) return TraceDetails.SECRET_IN_PROMPT;
    return null;
  }

  /**
   * {@inheritDoc} The passages the call's retrieval put into the prompt count as sent: they come from the model's
   * collection, which the cache key names, not from one caller. The answer's PII is not read again when the guard's
   * output {@code pii} scanner (the same scanner) passed this answer and no input scanner redacted the request: what
   * the guard counted as the caller's is then what the request holds.
   */
  @Override
  public String inAnswer(Call call, ChatRequest request, ChatResponse answer) {
    Readers readers = byModel.get(call.model());
    if (readers == null) return null;
    List<Scanner> scanners = guardPassed(call.verdicts(), readers.pii())
        ? List.of(readers.secrets()) : List.of(readers.pii(), readers.secrets());
    Scanner found = new UnsentValues(request, GuardStep.passages(call), calls.files(call)).first(answer, scanners);
    if (found == null) return null;
    return found == readers.pii() ? TraceDetails.PII_IN_ANSWER : TraceDetails.SECRET_IN_ANSWER;
  }

  /**
   * True when the guard's output check of the last answer passed for {@code scanner}, and no input scanner replaced a
   * value of the request (the guard reads the answer against the caller's texts, the cache against the request).
   */
  private static boolean guardPassed(List<GuardVerdict> verdicts, Scanner scanner) {
    String last = null;
    for (GuardVerdict verdict : verdicts) {
      if (GuardVerdict.INPUT.equals(verdict.direction()) && Action.REDACT.label().equals(verdict.action())) {
        return false;
      }
      if (GuardVerdict.OUTPUT.equals(verdict.direction()) && scanner.name().equals(verdict.scanner())) {
        last = verdict.action();
      }
    }
    return GuardVerdict.PASS.equals(last);
  }

  /**
   * True when the prompt must be read for {@code scanner}'s values: the guard did not read it for them, or flagged
   * them (perhaps in another turn); not when it found none or replaced each by a placeholder.
   */
  private static boolean unread(List<GuardVerdict> verdicts, Scanner scanner) {
    String read = inputAction(verdicts, scanner.name());
    return !Action.REDACT.label().equals(read) && !GuardVerdict.PASS.equals(read);
  }

  private static boolean counts(ScanResult result, Scanner scanner) {
    for (Finding finding : result.findings()) {
      if (finding.score() >= scanner.threshold()) return true;
    }
    return false;
  }

  /** What the guard did with the request's texts for {@code scanner}, or null when it did not read them for it. */
  private static String inputAction(List<GuardVerdict> verdicts, String scanner) {
    for (GuardVerdict verdict : verdicts) {
      if (GuardVerdict.INPUT.equals(verdict.direction()) && scanner.equals(verdict.scanner())) return verdict.action();
    }
    return null;
  }
}
