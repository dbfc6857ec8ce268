package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.resilience.PendingOutcome;

/**
 * Settles a stream's outcome with its target's circuit breaker when the stream ends, once: read to its end, a
 * success; broken by an upstream failure or the call's deadline, a failure by the mid-stream rules
 * ({@link PendingOutcome#failedMidStream}); closed by its reader before either, or ended by a defect, nothing learned
 * and the permission released. Until then the call holds its permission, so a half-open circuit's one trial is the
 * whole stream, not its first token. A read the gateway's shutdown cut short fails as a {@link Shutdown.Cut}, which
 * says nothing of the upstream.
 */
final class BreakerReportingStream implements ChunkStream {

  private final ChunkStream rest;
  private final PendingOutcome outcome;
  private final Shutdown shutdown;

  BreakerReportingStream(ChunkStream rest, PendingOutcome outcome, Shutdown shutdown) {
    this.rest = rest;
    this.outcome = outcome;
    this.shutdown = shutdown;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    ChatChunk chunk;
    try {
      chunk = rest.next();
    } catch (ProviderException e) {
      ProviderException failure = shutdown.failure(e); // cut short by the shutdown: a cancellation, as such released
      outcome.failedMidStream(failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      outcome.abandoned();
      throw e;
    }
    if (chunk == null) outcome.succeeded();
    return chunk;
  }

  @Override
  public byte[] lastChunkJson() {
    return rest.lastChunkJson();
  }

  @Override
  public boolean ready() {
    return rest.ready();
  }

  @Override
  public void close() {
    try {
      rest.close();
    } finally {
      outcome.abandoned(); // nothing if the stream had already ended
    }
  }
}
