package dev.apprentice.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A piece of upkeep the server runs in the background, round after round on one daemon thread of its own; a round
 * that fails is the round's to log, the next one comes all the same. Closing stops the rounds, waiting a little for
 * one under way (before what it works on closes).
 */
public final class BackgroundRounds implements AutoCloseable {

  private final ScheduledExecutorService scheduler;

  private BackgroundRounds(String threadName) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name(threadName).daemon().factory());
  }

  /**
   * Runs {@code round} after {@code first}, then {@code every} after each round ends, on a thread named
   * {@code threadName}; {@code round} must not throw (it logs its own failures).
   */
  public static BackgroundRounds start(String threadName, Duration first, Duration every, Runnable round) {
    BackgroundRounds rounds = new BackgroundRounds(threadName);
    rounds.scheduler.scheduleWithFixedDelay(round, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return rounds;
  }

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
