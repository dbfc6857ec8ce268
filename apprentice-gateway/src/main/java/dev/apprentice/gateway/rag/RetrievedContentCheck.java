package dev.apprentice.gateway.rag;

import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.gateway.Call;
import java.util.List;

/**
 * Reads retrieved chunks before they go into the prompt (the guardrails' injection detector, say): returns the chunks
 * to keep, in order, and records what it decided on the call.
 */
@FunctionalInterface
public interface RetrievedContentCheck {

  /** Keeps every chunk. */
  RetrievedContentCheck NONE = (call, chunks) -> chunks;

  List<RetrievedChunk> check(Call call, List<RetrievedChunk> chunks);
}
