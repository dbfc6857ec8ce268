package dev.apprentice.store;

import dev.apprentice.api.trace.TraceRecord;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How much memory the traces waiting for the writer may hold together. A trace keeps its captured bodies, so a
 * count alone does not bound the queue: 16k traces of 100 KB prompts are 1.6 GB, and long before that a full heap
 * turns into back-to-back full collections. Taken when a trace is queued, given back once it is written (or
 * dropped). One trace larger than the whole budget still fits into an empty queue, so no trace is refused for its
 * size alone.
 */
final class ByteBudget {

  /** What a trace's record costs beyond its bodies: ids, names, numbers, attempts, the queue's own slot. */
  static final long RECORD_OVERHEAD = 1_024;

  private final long max;
  private final AtomicLong used = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();

  ByteBudget(long max) {
    if (max < 1) throw new IllegalArgumentException("the byte budget must be positive");
    this.max = max;
  }

  /** An estimate of the heap a queued trace holds: its bodies (one byte per character, as Latin-1 strings are). */
  static long sizeOf(TraceRecord trace) {
    return RECORD_OVERHEAD + length(trace.request()) + length(trace.response()) + length(trace.errorMessage());
  }

  static long sizeOf(List<TraceRecord> traces) {
    long total = 0;
    for (TraceRecord trace : traces) total += sizeOf(trace);
    return total;
  }

  /** Takes {@code bytes} when they fit (or nothing is taken at all); false, taking nothing, when they do not. */
  boolean tryTake(long bytes) {
    while (true) {
      long now = used.get();
      if (now > 0 && now + bytes > max) return false;
      if (used.compareAndSet(now, now + bytes)) return true;
    }
  }

  /** Gives back {@code bytes} taken a moment ago for a trace that did not get queued after all; wakes no one. */
  void untake(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Gives {@code bytes} back and wakes the callers waiting for room. */
  void release(long bytes) {
    used.addAndGet(-bytes);
    lock.lock();
    try {
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Retries {@code admit} each time room is given back, until it succeeds or {@code timeoutNanos} pass.
   *
   * @return whether {@code admit} succeeded
   */
  boolean awaitRoom(BooleanSupplier admit, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lock();
    try {
      while (!admit.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        released.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }
}
