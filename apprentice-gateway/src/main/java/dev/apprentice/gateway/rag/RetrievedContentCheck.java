package dev.apprentice.gateway.rag;

import dev.apprentice.api.ChatRequest;
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
  RetrievedContentCheck NONE = (call, request, chunks) -> chunks;

  /**
   * @param request the request the chunks are to go into, as the retrieval step received it (after the guard step:
   *                its placeholders are ones a check must not hand out again)
   */
  List<RetrievedChunk> check(Call call, ChatRequest request, List<RetrievedChunk> chunks);
}
