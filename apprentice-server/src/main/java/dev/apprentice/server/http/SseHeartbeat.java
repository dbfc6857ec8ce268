package dev.apprentice.server.http;

import dev.apprentice.api.ChunkStream;
import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Detects a streaming client that went away while the upstream is silent: every {@code idle} without output it
 * writes an SSE comment, and when that write fails it closes the upstream stream, which unblocks the serving thread
 * and cancels the upstream request. Without it a stalled upstream is held open until the call's deadline.
 */
final class SseHeartbeat implements AutoCloseable {

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final SseWriter sse;
  private final ChunkStream upstream;
  private final Duration idle;

  private SseHeartbeat(SseWriter sse, ChunkStream upstream, Duration idle) {
    this.sse = sse;
    this.upstream = upstream;
    this.idle = idle;
  }

  static SseHeartbeat start(SseWriter sse, ChunkStream upstream, Duration idle) {
    SseHeartbeat heartbeat = new SseHeartbeat(sse, upstream, idle);
    Thread.ofVirtual().name("apprentice-sse-heartbeat").start(heartbeat::run);
    return heartbeat;
  }

  private void run() {
    try {
      long wait = idle.toNanos();
      while (!stopped.await(wait, TimeUnit.NANOSECONDS)) {
        wait = sse.keepAliveIfIdle(idle.toNanos());
      }
    } catch (IOException | UncheckedIOException | ClientGone | CloseConnectionException clientGone) {
      upstream.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the heartbeat; no comment is written after the writer was finished. */
  @Override
  public void close() {
    sse.finish();
    stopped.countDown();
  }
}
