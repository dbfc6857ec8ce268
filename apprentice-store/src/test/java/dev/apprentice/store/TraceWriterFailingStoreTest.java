package dev.apprentice.store;

import static dev.apprentice.store.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.apprentice.api.trace.TraceRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that refuses writes for a while (another process holds the write lock, the disk is full or read-only):
 * the writer keeps what it accepted and writes it once the store takes writes again, drops only what does not fit the
 * queue — at once, without holding callers — and logs the spell once as it begins and once as it ends.
 */
class TraceWriterFailingStoreTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final AsyncTraceWriter.Pause NO_WAIT = millis -> {};

  private final Logger logger = Logger.getLogger(AsyncTraceWriter.class.getName());
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler keep = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    logger.addHandler(keep);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(keep);
  }

  private static List<TraceRecord> traces(int n) {
    return IntStream.range(0, n).mapToObj(i -> trace("t" + i, i).build()).toList();
  }

  private List<String> alarms() {
    return logged.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogRecord::getMessage).toList();
  }

  @Test
  void aBatchTheStoreRefusesForAWhileIsKeptAndWrittenOnceItTakesWritesAgain() {
    FakeTraceStore store = FakeTraceStore.unavailable(12);
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 100, Long.MAX_VALUE, 100, Duration.ofSeconds(10),
        Duration.ZERO, NO_WAIT);
    traces(5).forEach(writer::accept);

    assertTimeoutPreemptively(HANG_GUARD, () -> writer.flush());

    assertThat(writer.dropped()).as("nothing accepted is lost to a store that comes back").isZero();
    assertThat(writer.written()).isEqualTo(5);
    assertThat(store.stored).hasSize(5);
    assertThat(writer.storeFailure()).isEmpty();
    writer.close();
  }

  @Test
  void aSpellOfFailedWritesIsLoggedOnceAsItBeginsAndOnceAsItEndsNotPerTry() {
    FakeTraceStore store = FakeTraceStore.unavailable(12);
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 100, Long.MAX_VALUE, 100, Duration.ofSeconds(10),
        Duration.ZERO, NO_WAIT);
    traces(5).forEach(writer::accept);

    assertTimeoutPreemptively(HANG_GUARD, () -> writer.flush());
    writer.close();

    assertThat(store.appends.get()).isEqualTo(13);
    assertThat(alarms()).hasSize(2);
    assertThat(alarms().get(0)).contains("cannot write traces: database is locked").contains("kept in the queue");
    assertThat(alarms().get(1)).contains("traces are written again").contains("0 were dropped");
  }

  @Test
  void whileTheStoreFailsAFullQueueDropsAtOnceInsteadOfHoldingTheCallerAndSaysWhy() throws Exception {
    FakeTraceStore store = FakeTraceStore.unavailable(Integer.MAX_VALUE);
    CountDownLatch retrying = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AsyncTraceWriter.Pause held = millis -> {
      retrying.countDown();
      release.await();
    };
    // callers would wait a day for room in a full queue in front of a store that merely lags behind
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 2, Long.MAX_VALUE, 1, Duration.ZERO, Duration.ofDays(1),
        held);
    writer.accept(trace("first", 0).build());
    assertThat(retrying.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
    writer.accept(trace("second", 1).build());
    writer.accept(trace("third", 2).build());

    assertTimeoutPreemptively(HANG_GUARD, () -> writer.accept(trace("fourth", 3).build()));

    assertThat(writer.dropped()).isEqualTo(1);
    assertThat(writer.storeFailure()).contains("database is locked");
    release.countDown();
    writer.close();
  }
}
