package dev.apprentice.server.guard;

import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.rag.RetrievedContentCheck;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.injection.InjectionScanner;
import dev.apprentice.guard.policy.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The injection detector over a RAG model's retrieved chunks, for models whose guard turns {@code injection} on: each
 * chunk is scored as retrieved content; with {@code block} a chunk with an injected instruction is left out of the
 * prompt (the caller did not write it, so the call goes on), with {@code flag} it stays. One verdict, direction
 * {@code retrieved}, records what was found.
 */
final class RetrievedInjectionCheck implements RetrievedContentCheck {

  private final Function<String, GuardStep.Guard> guards;

  RetrievedInjectionCheck(Function<String, GuardStep.Guard> guards) {
    this.guards = guards;
  }

  @Override
  public List<RetrievedChunk> check(Call call, List<RetrievedChunk> chunks) {
    GuardStep.Guard guard = guards.apply(call.model());
    if (guard == null) return chunks;
    Action action = guard.policy().input().getOrDefault(InjectionScanner.NAME, Action.OFF);
    Scanner scanner = guard.policy().scanners().get(InjectionScanner.NAME);
    if (action == Action.OFF || scanner == null) return chunks;
    long start = System.nanoTime();
    double risk = 0;
    int found = 0;
    List<RetrievedChunk> kept = new ArrayList<>(chunks.size());
    for (RetrievedChunk chunk : chunks) {
      ScanResult result = scanner.scan(chunk.text(), Origin.RETRIEVED);
      risk = Math.max(risk, result.risk());
      boolean injected = result.findings().stream().mapToDouble(Finding::score).anyMatch(s -> s >= scanner.threshold());
      if (injected) found++;
      if (!injected || action != Action.BLOCK) kept.add(chunk);
    }
    String outcome = found == 0 ? "pass" : action.label();
    call.verdict(new GuardVerdict(GuardVerdict.RETRIEVED, InjectionScanner.NAME, risk, outcome,
        found == 0 ? Map.of() : Map.of(InjectionScanner.INDIRECT_INJECTION, found), (System.nanoTime() - start) / 1_000));
    return kept;
  }
}
