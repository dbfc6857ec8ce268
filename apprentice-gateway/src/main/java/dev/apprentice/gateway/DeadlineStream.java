package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Watchdog;
import dev.apprentice.gateway.routing.Target;
import java.time.Duration;

/**
 * Ends a committed stream at the call's deadline: the upstream is closed and the reader gets a timeout failure. The
 * time each read waits is the call's upstream time ({@link Call#recordStreamRead}), never its overhead. A
 * read that fails once the call was cancelled (a step reading on before the answer began, {@link Call#cancellable},
 * was interrupted, and its socket read failed as a lost connection) fails as cancelled, as an attempt's does
 * ({@link Cancellation#attemptFailed}): the client left, which says nothing of the target's health. A provider that
 * bounds its own reads by the call's deadline (its body's reads fail as a timeout once it passed) may fail a read
 * before the alarm has run: that is the deadline's cut too, reported the same way ({@link #expiredBy}).
 */
final class DeadlineStream implements ChunkStream {

  private final ChunkStream upstream;
  private final Watchdog.Alarm alarm;
  private final Call call;
  private final Cancellation cancellation;
  private final Target target;
  private volatile boolean expired;

  DeadlineStream(ChunkStream upstream, Watchdog watchdog, Call call, Target target) {
    this.upstream = upstream;
    this.call = call;
    this.cancellation = call.cancellation();
    this.target = target;
    long deadlineNanos = call.deadlineNanos();
    this.alarm = watchdog.after(Duration.ofNanos(deadlineNanos - System.nanoTime()), () -> {
      expired = true;
      upstream.close();
    });
  }

  @Override
  public ChatChunk next() throws ProviderException {
    long start = System.nanoTime();
    try {
      ChatChunk chunk = upstream.next();
      call.recordStreamRead(System.nanoTime() - start);
      if (chunk == null) {
        alarm.cancel();
        if (expired) throw new ProviderException(Kind.TIMEOUT, 0, "the call's deadline passed mid-stream", null, null);
      }
      return chunk;
    } catch (ProviderException e) {
      call.recordStreamRead(System.nanoTime() - start);
      alarm.cancel();
      if (expiredBy(e)) throw new ProviderException(Kind.TIMEOUT, 0, "the call's deadline passed mid-stream", null, e);
      throw cancellation.attemptFailed(target, e);
    }
  }

  /** True once the call's deadline passed and the upstream was closed for it. */
  boolean expired() {
    return expired;
  }

  /**
   * True when {@code failure} (null: none) ended the stream because the call's deadline passed: the alarm closed the
   * upstream, or the upstream's own read timed out past the deadline, the alarm not having run yet.
   */
  boolean expiredBy(ProviderException failure) {
    if (expired) return true;
    return failure != null && failure.kind() == Kind.TIMEOUT && System.nanoTime() - call.deadlineNanos() >= 0;
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
