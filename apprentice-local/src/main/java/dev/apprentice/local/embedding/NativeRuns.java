package dev.apprentice.local.embedding;

import dev.apprentice.api.ClosedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The runs on native handles (an ONNX Runtime session, a tokenizer) that {@link #close} frees: a run holds the read
 * side of a lock, so runs go on side by side, and freeing takes the write side, so that nothing frees a handle a run
 * is still in. Once closing, a run is refused with a {@link ClosedException}; close waits for the runs in
 * flight within its patience, and past it leaves the handles unfreed (a leak the process's end takes back) rather
 * than free them under a run. Closing twice frees once. Thread-safe.
 */
final class NativeRuns {

  private final String what;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closing;
  /** Guarded by the write lock. */
  private boolean freed;

  private final BooleanSupplier processEnding;

  /** @param what the handles' owner as a sentence's subject ({@code the embedding model}) */
  NativeRuns(String what) {
    this(what, NativeRuns::processEnding);
  }

  NativeRuns(String what, BooleanSupplier processEnding) {
    this.what = what;
    this.processEnding = processEnding;
  }

  /** The result of {@code run}, run unless closing; throws {@link ClosedException} once closing. */
  <T> T run(Supplier<T> run) {
    if (closing) throw closed(); // at once, not behind the closer waiting for the lock
    lock.readLock().lock();
    try {
      if (closing) throw closed();
      return run.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Refuses new runs from now on, at once; the runs in flight go on. */
  void refuse() {
    closing = true;
  }

  /**
   * Refuses new runs, waits up to {@code patience} for the runs in flight, then calls {@code free} (once, whoever
   * closes again). Returns false, having freed nothing, when runs were still in flight at the end of the wait or this
   * thread was interrupted. While the process ends (a shutdown hook closing), nothing is freed, so nothing is waited
   * for either: a run in flight must not hold the process's end up, and the end frees everything anyway.
   */
  boolean close(Duration patience, Runnable free) {
    closing = true;
    if (processEnding.getAsBoolean()) return true; // a run in flight must not hold the process's end up to patience
    try {
      if (!lock.writeLock().tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) return leftUnfreed(patience);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return leftUnfreed(patience);
    }
    try {
      if (!freed) {
        freed = true;
        free.run();
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** True once the JVM has begun to shut down (no hook can be added any more). */
  static boolean processEnding() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shuttingDown) {
      return true;
    }
  }

  private ClosedException closed() {
    return new ClosedException(what + " is closed");
  }

  /** True while a close waits for the runs in flight (for tests). */
  boolean closerWaiting() {
    return closing && lock.hasQueuedThreads();
  }

  private boolean leftUnfreed(Duration patience) {
    System.getLogger(NativeRuns.class.getName()).log(System.Logger.Level.WARNING,
        what + " is left in memory: a run was still going after " + patience.toSeconds() + "s of closing");
    return false;
  }
}
