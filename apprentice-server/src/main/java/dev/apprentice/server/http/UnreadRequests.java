package dev.apprentice.server.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests Helidon could not read (malformed HTTP, a connection that ended before its headers did), said in the log as
 * one line without a stack trace, at most once a minute with the count since the last line: a scan of the port must
 * not flood the log, and an operator still sees that it happens.
 */
final class UnreadRequests {

  private static final System.Logger LOG = System.getLogger(TransportErrors.class.getName());
  private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final AtomicLong counted = new AtomicLong();
  private final AtomicLong nextLineAt = new AtomicLong(System.nanoTime());

  void count() {
    counted.incrementAndGet();
    long now = System.nanoTime();
    long due = nextLineAt.get();
    if (now - due >= 0 && nextLineAt.compareAndSet(due, now + QUIET_NANOS)) {
      LOG.log(System.Logger.Level.INFO, counted.getAndSet(0) + " request(s) could not be read (malformed HTTP, or the"
          + " connection ended before the headers did) and were answered 400; said at most once a minute");
    }
  }
}
