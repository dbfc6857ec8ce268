package dev.apprentice.local.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs the cache's problems at most once a minute at WARNING (the rest at DEBUG), so a broken disk cannot flood the
 * log.
 */
final class Complaints {

  private static final long GAP_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final System.Logger log;
  private final AtomicLong last = new AtomicLong(System.nanoTime() - GAP_NANOS);

  Complaints(System.Logger log) {
    this.log = log;
  }

  void log(String message, Throwable e) {
    long now = System.nanoTime();
    long before = last.get();
    boolean loud = now - before >= GAP_NANOS && last.compareAndSet(before, now);
    log.log(loud ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, message, e);
  }
}
