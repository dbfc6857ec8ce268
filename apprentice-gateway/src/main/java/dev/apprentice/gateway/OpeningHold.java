package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;

/**
 * How far a stream's opening must be read before its answer may begin, for a call that holds it past the first token
 * ({@link Call#holdOpening}: an output guardrail that must read on before it lets any text out). The attempt reads it
 * so, inside its try, so that an upstream failing meanwhile fails the attempt as one that failed before its first
 * token does: retried or failed over by the model's routing, nothing having reached the client. What it reads is
 * given to the call afterwards from the start, in order, with the upstream's own bytes.
 */
@FunctionalInterface
public interface OpeningHold {

  /**
   * Reads {@code rest} on after {@code first} for as long as the opening must be held; returns when it need not be
   * any longer (something would go out, the stream ended, or the caller judged it otherwise: a value it would refuse
   * is the caller's to answer, not a failure of the attempt).
   *
   * @throws ProviderException the stream's failure while it was read: the attempt's
   */
  void readOn(ChatChunk first, ChunkStream rest) throws ProviderException;
}
