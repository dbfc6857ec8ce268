package dev.apprentice.server.guard;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.rag.RetrievedContentCheck;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
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
 * request already holds (an earlier answer's, sent back as history); {@code flag} only records. One verdict per
 * scanner, direction {@code retrieved}.
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
    List<RetrievedChunk> kept = new ArrayList<>(chunks);
    RedactionSession documents = InputGuard.beside(request);
    for (Map.Entry<String, Action> entry : guard.policy().input().entrySet()) {
      Action action = entry.getValue();
      Scanner scanner = guard.policy().scanners().get(entry.getKey());
      if (action == Action.OFF || scanner == null) continue;
      kept = apply(call, scanner, action, kept, documents);
    }
    return kept;
  }

  private static List<RetrievedChunk> apply(Call call, Scanner scanner, Action action, List<RetrievedChunk> chunks,
      RedactionSession documents) {
    long start = System.nanoTime();
    double risk = 0;
    Map<String, Integer> found = new TreeMap<>();
    List<RetrievedChunk> kept = new ArrayList<>(chunks.size());
    for (RetrievedChunk chunk : chunks) {
      var result = scanner.scan(chunk.text(), Origin.RETRIEVED);
      risk = Math.max(risk, result.risk());
      List<Finding> counted = result.findings().stream().filter(f -> f.score() >= scanner.threshold()).toList();
      counted.forEach(f -> found.merge(f.type(), 1, Integer::sum));
      if (counted.isEmpty() || action == Action.FLAG) {
        kept.add(chunk);
      } else if (action == Action.REDACT) {
        List<Finding> relabelled = counted.stream().map(f -> new Finding(DOCUMENT + f.type(), f.subtype(), f.start(),
            f.end(), f.score(), f.text())).toList();
        kept.add(new RetrievedChunk(chunk.collection(), chunk.documentId(), chunk.chunkId(),
            documents.redact(chunk.text(), relabelled).text(), chunk.score()));
      }
    }
    call.verdict(new GuardVerdict(GuardVerdict.RETRIEVED, scanner.name(), risk,
        found.isEmpty() ? "pass" : action.label(), found, (System.nanoTime() - start) / 1_000));
    return kept;
  }
}
