package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How often the watcher looks for the client of a call that waits for its answer ({@link WatchedConnection}), on a
 * clock the test moves: a look costs the watcher's one thread several system calls, so a call answered within a
 * second is never looked at, and a longer one about once a second, however often the watcher wakes.
 */
class DepartureChecksTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  /** The watcher's rounds here: far more often than it wakes, so that only the call's own schedule limits the looks. */
  private static final long ROUND = TimeUnit.MILLISECONDS.toNanos(10);
  /** Any start: the schedule goes by differences only, across the wrap of {@link System#nanoTime()} too. */
  private static final long START = Long.MAX_VALUE - 3 * SECOND;

  private final SocketChannel socket = openUnconnected();
  private final WatchedConnection connection = new WatchedConnection(socket, null, null);
  private final List<Long> looks = new ArrayList<>();
  private final AtomicInteger departures = new AtomicInteger();

  @AfterEach
  void close() throws IOException {
    socket.close();
  }

  private static SocketChannel openUnconnected() {
    try {
      return SocketChannel.open();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The watcher's rounds from {@code from} up to {@code until} (nanoseconds after {@link #START}). */
  private void rounds(long from, long until, Predicate<SocketChannel> closedByPeer) {
    for (long t = from; t <= until; t += ROUND) {
      long now = START + t;
      connection.checkDeparture(now, socket -> {
        looks.add(now - START);
        return closedByPeer.test(socket);
      });
    }
  }

  private static Predicate<SocketChannel> stillThere() {
    return socket -> false;
  }

  @Test
  void aCallThatWaitsIsFirstLookedAtAfterASecondAndThenAboutOnceASecond() {
    connection.awaitAnswer(departures::incrementAndGet, START);

    rounds(0, 10 * SECOND, stillThere());

    assertThat(looks).as("looks in ten seconds of waiting").hasSizeBetween(9, 10);
    assertThat(looks.getFirst()).as("the first look").isGreaterThanOrEqualTo(SECOND);
    for (int i = 1; i < looks.size(); i++) {
      assertThat(looks.get(i) - looks.get(i - 1)).as("between looks").isGreaterThanOrEqualTo(SECOND);
    }
    assertThat(departures).hasValue(0);
  }

  @Test
  void aCallAnsweredWithinASecondIsNeverLookedAt() {
    connection.awaitAnswer(departures::incrementAndGet, START);
    rounds(0, SECOND - ROUND, stillThere());

    connection.answerReady();
    rounds(SECOND, 5 * SECOND, stillThere());

    assertThat(looks).isEmpty();
  }

  @Test
  void theNextCallOnTheConnectionWaitsItsOwnSecondBeforeItsFirstLook() {
    connection.awaitAnswer(departures::incrementAndGet, START);
    rounds(0, 3 * SECOND, stillThere());
    connection.answerReady();
    int lookedAtFirstCall = looks.size();

    connection.awaitAnswer(departures::incrementAndGet, START + 4 * SECOND);
    rounds(4 * SECOND, 6 * SECOND - ROUND, stillThere());

    assertThat(looks.subList(lookedAtFirstCall, looks.size())).singleElement()
        .satisfies(look -> assertThat(look).isGreaterThanOrEqualTo(5 * SECOND));
  }

  @Test
  void aClientFoundGoneCancelsItsCallOnceAndIsNotLookedAtAgain() {
    connection.awaitAnswer(departures::incrementAndGet, START);

    rounds(0, 5 * SECOND, socket -> true);

    assertThat(departures).hasValue(1);
    assertThat(looks).hasSize(1);
  }

  @Test
  void theWatcherWakesAtLeastOnceASecondAndOftenerOnlyForShortTimeouts() {
    assertThat(ConnectionTimeouts.tickMillis(Duration.ofSeconds(30), Duration.ofSeconds(60))).isEqualTo(1000);
    assertThat(ConnectionTimeouts.tickMillis(Duration.ofMillis(400), Duration.ofSeconds(60))).isEqualTo(100);
    assertThat(ConnectionTimeouts.tickMillis(Duration.ofMillis(1), Duration.ofMillis(1))).isEqualTo(10);
  }
}
