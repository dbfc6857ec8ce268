package dev.apprentice.server.guard;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.rag.RetrievedContentCheck;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.CallScanners;
import dev.apprentice.guard.policy.InputGuard;
import dev.apprentice.guard.policy.Tally;
import dev.apprentice.guard.redact.RedactionSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * A RAG model's input guard applied to its retrieved chunks before they go into the prompt, so that documents obey
 * the same rules as the caller's words: a chunk with something a {@code block} scanner finds (an injected
 * instruction, a secret, personal data) is left out and the call goes on (the caller did not write it); a
 * {@code redact} scanner replaces what it finds one way with document placeholders ({@code <DOC_EMAIL_1>}), which
 * the answer keeps — the caller's own values are the only ones restored — and which skip every placeholder the
 * request already holds (an earlier answer's, sent back as history); {@code flag} only records. As for the caller's
 * texts, every scanner reads each chunk as it was retrieved (a value inside a secret is part of the secret), and what
 * the redacting ones found is replaced once, overlaps resolved: no scanner reads another's placeholders. One verdict
 * per scanner, direction {@code retrieved}.
 * The chunks are read through the call's own scanners, the ones its request was read through ({@link
 * ScannersOfCalls}): the injection detector's budget is the call's, its request's texts and documents together,
 * and so is its deadline: documents it cannot read before then fail the call (504), never go in unread.
 */
final class RetrievedContentGuard implements RetrievedContentCheck {

  /** Prefix of the placeholders of values found in retrieved documents. */
  static final String DOCUMENT = "DOC_";

  private final Function<String, GuardStep.Guard> guards;
  private final ScannersOfCalls scanners;

  /** @param scanners each call's input scanners, shared with the guard step: one injection budget per call */
  RetrievedContentGuard(Function<String, GuardStep.Guard> guards, ScannersOfCalls scanners) {
    this.guards = guards;
    this.scanners = scanners;
  }

  @Override
  public List<RetrievedChunk> check(Call call, ChatRequest request, List<RetrievedChunk> chunks) {
    GuardStep.Guard guard = guards.apply(call.model());
    if (guard == null) return chunks;
    CallScanners ofCall = scanners.of(call, guard.policy());
    List<Tally> tallies = ofCall.tallies(GuardVerdict.RETRIEVED);
    if (tallies.isEmpty()) return chunks;
    try {
      return check(call, InputGuard.beside(request, ofCall.files()), chunks, tallies);
    } catch (DeadlineExceededException | CancellationException late) {
      throw GuardFailure.of(call, GuardVerdict.RETRIEVED, late);
    }
  }

  /** @param documents the session of the documents' one-way placeholders, beside the request's */
  private static List<RetrievedChunk> check(Call call, RedactionSession documents, List<RetrievedChunk> chunks,
      List<Tally> tallies) {
    List<RetrievedChunk> kept = new ArrayList<>(chunks.size());
    for (RetrievedChunk chunk : chunks) {
      boolean leftOut = false;
      List<Finding> toRedact = new ArrayList<>();
      List<List<Finding>> found = Tally.scan(tallies, chunk.text(), Origin.RETRIEVED);
      for (int t = 0; t < tallies.size(); t++) {
        Tally tally = tallies.get(t);
        List<Finding> counted = found.get(t);
        leftOut |= tally.action() == Action.BLOCK && !counted.isEmpty();
        if (tally.action() == Action.REDACT) {
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
}
