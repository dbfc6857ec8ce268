package dev.apprentice.server.local;

import dev.apprentice.local.collection.Collections;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives back, in the background, the write lock of every collection the server has not written for a minute, so
 * that the CLI on the data directory may change it again (the server's next write takes it back); and closes the
 * indexes of collections the CLI deleted meanwhile, whose files stay on disk while they are open.
 */
final class IdleCollectionWriters implements AutoCloseable {

  /** How long a collection goes unwritten before its lock is given back. */
  static final Duration IDLE = Duration.ofMinutes(1);
  /** How often the collections are looked at. */
  private static final Duration EVERY = Duration.ofSeconds(15);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("apprentice-collection-writers").factory());

  private IdleCollectionWriters() {}

  static IdleCollectionWriters start(Collections collections) {
    return start(collections, IDLE, EVERY);
  }

  /** Gives back the locks of collections not written for {@code idle}, looking every {@code every}. */
  static IdleCollectionWriters start(Collections collections, Duration idle, Duration every) {
    IdleCollectionWriters writers = new IdleCollectionWriters();
    writers.scheduler.scheduleWithFixedDelay(() -> release(collections, idle), every.toMillis(), every.toMillis(),
        TimeUnit.MILLISECONDS);
    return writers;
  }

  private static void release(Collections collections, Duration idle) {
    try {
      collections.releaseIdleWriters(idle);
    } catch (RuntimeException e) { // a failure must not end the schedule
      System.getLogger(IdleCollectionWriters.class.getName()).log(System.Logger.Level.WARNING,
          "giving back the write locks of idle collections", e);
    }
  }

  /** Stops, waiting for a round under way (before the collections close). */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
