package dev.apprentice.server.guard;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.rag.RetrievedContentCheck;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.InputGuard;
import dev.apprentice.guard.redact.RedactionSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A RAG model's input guard applied to its retrieved chunks before they go into the prompt, so that documents obey
 * the same rules as the caller's words: a chunk with something a {@code block} scanner finds (an injected
 * instruction, a secret, personal data) is left out and the call goes on (the caller did not write it); a
 * {@code redact} scanner replaces what it finds one way with document placeholders ({@code <DOC_EMAIL_1>}), which
 * the answer keeps — the caller's own values are the only ones restored — and which skip every placeholder the
 * request already holds (an earlier answer's, sent back as history); {@code flag} only records. As for the caller's
 * texts, every scanner reads each chunk as it was retrieved, and what the redacting ones found is replaced once,
 * overlaps resolved: no scanner reads another's placeholders. One verdict per scanner, direction {@code retrieved}.
 */
final class RetrievedContentGuard implements RetrievedContentCheck {

  /** Prefix of the placeholders of values found in retrieved documents. */
  static final String DOCUMENT = "DOC_";

  private final Function<String, GuardStep.Guard> guards;

  RetrievedContentGuard(Function<String, GuardStep.Guard> guards) {
    this.guards = guards;
  }

  @Override
  public List<RetrievedChunk> check(Call call, ChatRequest request, List<RetrievedChunk> chunks) {
    GuardStep.Guard guard = guards.apply(call.model());
    if (guard == null) return chunks;
    List<Tally> tallies = new ArrayList<>();
    for (Map.Entry<String, Action> entry : guard.policy().input().entrySet()) {
      Scanner scanner = guard.policy().scanners().get(entry.getKey());
      if (entry.getValue() != Action.OFF && scanner != null) tallies.add(new Tally(scanner.forCall(), entry.getValue()));
    }
    if (tallies.isEmpty()) return chunks;
    RedactionSession documents = InputGuard.beside(request);
    List<RetrievedChunk> kept = new ArrayList<>(chunks.size());
    for (RetrievedChunk chunk : chunks) {
      boolean leftOut = false;
      List<Finding> toRedact = new ArrayList<>();
      for (Tally tally : tallies) {
        List<Finding> counted = tally.scan(chunk.text());
        leftOut |= tally.action == Action.BLOCK && !counted.isEmpty();
        if (tally.action == Action.REDACT) {
          for (Finding f : counted) {
            toRedact.add(new Finding(DOCUMENT + f.type(), f.subtype(), f.start(), f.end(), f.score(), f.text()));
          }
        }
      }
      if (leftOut) continue;
      kept.add(toRedact.isEmpty() ? chunk : new RetrievedChunk(chunk.collection(), chunk.documentId(),
          chunk.chunkId(), documents.redact(chunk.text(), toRedact).text(), chunk.score()));
    }
    for (Tally tally : tallies) call.verdict(tally.verdict());
    return kept;
  }

  /** What one scanner found in the chunks so far, and the time it took. */
  private static final class Tally {
    private final Scanner scanner;
    private final Action action;
    private final Map<String, Integer> found = new TreeMap<>();
    private double risk;
    private long nanos;

    Tally(Scanner scanner, Action action) {
      this.scanner = scanner;
      this.action = action;
    }

    /** The findings of one chunk that count (at or above the scanner's threshold). */
    List<Finding> scan(String text) {
      long start = System.nanoTime();
      ScanResult result = scanner.scan(text, Origin.RETRIEVED);
      nanos += System.nanoTime() - start;
      risk = Math.max(risk, result.risk());
      List<Finding> counted = result.findings().stream().filter(f -> f.score() >= scanner.threshold()).toList();
      counted.forEach(f -> found.merge(f.type(), 1, Integer::sum));
      return counted;
    }

    GuardVerdict verdict() {
      return new GuardVerdict(GuardVerdict.RETRIEVED, scanner.name(), risk, found.isEmpty() ? "pass" : action.label(),
          found, nanos / 1_000);
    }
  }
}
