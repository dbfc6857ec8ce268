package dev.apprentice.server.local;

import dev.apprentice.local.collection.Collections;
import dev.apprentice.server.BackgroundRounds;
import java.time.Duration;

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

  private final BackgroundRounds rounds;

  private IdleCollectionWriters(BackgroundRounds rounds) {
    this.rounds = rounds;
  }

  static IdleCollectionWriters start(Collections collections) {
    return start(collections, IDLE, EVERY);
  }

  /** Gives back the locks of collections not written for {@code idle}, looking every {@code every}. */
  static IdleCollectionWriters start(Collections collections, Duration idle, Duration every) {
    return new IdleCollectionWriters(BackgroundRounds.start("apprentice-collection-writers", every, every,
        () -> release(collections, idle)));
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
    rounds.close();
  }
}
