package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Watchdog;
import java.time.Duration;

/** Ends a committed stream at the call's deadline: the upstream is closed and the reader gets a timeout failure. */
final class DeadlineStream implements ChunkStream {

  private final ChunkStream upstream;
  private final Watchdog.Alarm alarm;
  private volatile boolean expired;

  DeadlineStream(ChunkStream upstream, Watchdog watchdog, long deadlineNanos) {
    this.upstream = upstream;
    this.alarm = watchdog.after(Duration.ofNanos(deadlineNanos - System.nanoTime()), () -> {
      expired = true;
      upstream.close();
    });
  }

  @Override
  public ChatChunk next() throws ProviderException {
    try {
      ChatChunk chunk = upstream.next();
      if (chunk == null) {
        alarm.cancel();
        if (expired) throw new ProviderException(Kind.TIMEOUT, 0, "the call's deadline passed mid-stream", null, null);
      }
      return chunk;
    } catch (ProviderException e) {
      alarm.cancel();
      if (expired) throw new ProviderException(Kind.TIMEOUT, 0, "the call's deadline passed mid-stream", null, e);
      throw e;
    }
  }

  /** Passes the upstream's bytes through: this wrapper only ends streams, it never changes a chunk. */
  @Override
  public byte[] lastChunkJson() {
    return upstream.lastChunkJson();
  }

  @Override
  public boolean ready() {
    return upstream.ready();
  }

  @Override
  public void close() {
    alarm.cancel();
    upstream.close();
  }
}
