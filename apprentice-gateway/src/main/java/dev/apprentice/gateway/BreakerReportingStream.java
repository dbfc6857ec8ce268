package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Tells the target's circuit breaker when a stream it already counted as a success (at its first token) breaks
 * afterwards: an upstream failure or the call's deadline mid-stream is one more failure of that target, recorded
 * once however often the reader asks again. A stream closed by its reader (a client that left) says nothing.
 */
final class BreakerReportingStream implements ChunkStream {

  private final ChunkStream rest;
  private final CircuitBreaker breaker;
  private final long startNanos = System.nanoTime();
  private boolean reported;

  BreakerReportingStream(ChunkStream rest, CircuitBreaker breaker) {
    this.rest = rest;
    this.breaker = breaker;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    try {
      return rest.next();
    } catch (ProviderException e) {
      if (!reported) {
        reported = true;
        Breakers.recordMidStreamFailure(breaker, System.nanoTime() - startNanos, e);
      }
      throw e;
    }
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
    rest.close();
  }
}
