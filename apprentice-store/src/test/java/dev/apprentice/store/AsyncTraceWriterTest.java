package dev.apprentice.store;

import static dev.apprentice.store.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.apprentice.api.trace.TraceRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncTraceWriterTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static List<TraceRecord> traces(int n) {
    return IntStream.range(0, n).mapToObj(i -> trace("t" + i, i).build()).toList();
  }

  /** A writer whose store is stuck in its first append (holding one trace), so the queue fills. */
  private static AsyncTraceWriter stuckOnFirstAppend(FakeTraceStore store, int capacity, Duration fullQueueWait)
      throws InterruptedException {
    AsyncTraceWriter writer = new AsyncTraceWriter(store, capacity, 5, Duration.ZERO, fullQueueWait);
    writer.accept(trace("first", 0).build());
    assertThat(store.firstAppendStarted.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return writer;
  }

  /** Accepts {@code trace} on another thread, which must still be waiting until the store's gate opens. */
  private static void acceptWaitsUntilTheGateOpens(AsyncTraceWriter writer, FakeTraceStore store, TraceRecord trace)
      throws InterruptedException {
    Thread caller = Thread.ofVirtual().start(() -> writer.accept(trace));
    caller.join(Duration.ofMillis(300));
    assertThat(caller.isAlive()).as("the caller waits while the queue has no room").isTrue();
    store.gate.countDown();
    caller.join(HANG_GUARD);
    assertThat(caller.isAlive()).as("the caller got in once the writer made room").isFalse();
  }

  @Test
  void closeWritesEverythingAcceptedToTheRealStore() {
    try (Store store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"))) {
      AsyncTraceWriter writer = new AsyncTraceWriter(store.traces(), 10_000, 100, Duration.ofMillis(5));
      traces(2_500).forEach(writer::accept);

      writer.close();

      assertThat(store.traces().count()).isEqualTo(2_500);
      assertThat(writer.written()).isEqualTo(2_500);
      assertThat(writer.dropped()).isZero();
      assertThat(writer.queueDepth()).isZero();
    }
  }

  @Test
  void flushWaitsForEverythingAcceptedBeforeIt() {
    FakeTraceStore store = FakeTraceStore.working();
    try (AsyncTraceWriter writer = new AsyncTraceWriter(store, 1_000, 7, Duration.ofSeconds(10))) {
      traces(50).forEach(writer::accept);

      assertTimeoutPreemptively(HANG_GUARD, () -> writer.flush());

      assertThat(store.stored).hasSize(50);
      assertThat(store.batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(7));
      assertThat(writer.written()).isEqualTo(50);
    }
  }

  @Test
  void aBlockedStoreNeverBlocksAcceptAndAFullQueueCountsDrops() throws Exception {
    FakeTraceStore store = FakeTraceStore.blocked();
    AsyncTraceWriter writer = stuckOnFirstAppend(store, 10, Duration.ZERO);

    assertTimeoutPreemptively(HANG_GUARD, () -> traces(100).forEach(writer::accept));

    assertThat(writer.dropped()).isEqualTo(90);
    assertThat(writer.queueDepth()).isEqualTo(10);
    store.gate.countDown();
    writer.close();
    assertThat(writer.written()).isEqualTo(11);
    assertThat(store.stored).hasSize(11);
  }

  @Test
  void withAWaitAFullQueueHoldsTheCallerUntilTheWriterMakesRoomAndNothingIsDropped() throws Exception {
    FakeTraceStore store = FakeTraceStore.blocked();
    AsyncTraceWriter writer = stuckOnFirstAppend(store, 10, Duration.ofSeconds(30));
    traces(10).forEach(writer::accept);

    acceptWaitsUntilTheGateOpens(writer, store, trace("eleventh", 11).build());

    writer.close();
    assertThat(writer.dropped()).isZero();
    assertThat(writer.waited()).isEqualTo(1);
    assertThat(writer.written()).isEqualTo(12);
  }

  @Test
  void aWaitThatRunsOutDropsTheTraceAndCountsIt() throws Exception {
    FakeTraceStore store = FakeTraceStore.blocked();
    AsyncTraceWriter writer = stuckOnFirstAppend(store, 2, Duration.ofMillis(50));

    assertTimeoutPreemptively(HANG_GUARD, () -> traces(4).forEach(writer::accept));

    assertThat(writer.dropped()).isEqualTo(2);
    assertThat(writer.waited()).isEqualTo(2);
    store.gate.countDown();
    writer.close();
    assertThat(writer.written()).isEqualTo(3);
  }

  /** A trace whose captured bodies are about {@code kb} KB. */
  private static TraceRecord withBodies(String id, int kb) {
    return trace(id, 1).bodies("q".repeat(kb * 512), "a".repeat(kb * 512)).build();
  }

  @Test
  void aQueueWhoseTracesHoldTheirByteBudgetRefusesMoreThoughItHasSlotsLeft() throws Exception {
    FakeTraceStore store = FakeTraceStore.blocked();
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 1_000, 100 * 1_024, 5, Duration.ZERO, Duration.ZERO);
    writer.accept(withBodies("first", 40));
    assertThat(store.firstAppendStarted.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

    assertTimeoutPreemptively(HANG_GUARD, () -> {
      for (int i = 0; i < 10; i++) writer.accept(withBodies("t" + i, 40));
    });

    assertThat(writer.queueDepth()).as("one more 40 KB trace fits beside the first in 100 KB").isEqualTo(1);
    assertThat(writer.dropped()).isEqualTo(9);
    assertThat(writer.queuedBytes()).isBetween(80L * 1_024, 100L * 1_024);
    store.gate.countDown();
    writer.close();
    assertThat(writer.written()).isEqualTo(2);
    assertThat(writer.queuedBytes()).as("written traces give their bytes back").isZero();
  }

  @Test
  void withAWaitACallerHeldByTheByteBudgetGetsInOnceTheWriterFreesRoom() throws Exception {
    FakeTraceStore store = FakeTraceStore.blocked();
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 1_000, 100 * 1_024, 5, Duration.ZERO,
        Duration.ofSeconds(30));
    writer.accept(withBodies("first", 60));
    assertThat(store.firstAppendStarted.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

    acceptWaitsUntilTheGateOpens(writer, store, withBodies("second", 60));

    writer.close();
    assertThat(writer.dropped()).isZero();
    assertThat(writer.waited()).isEqualTo(1);
    assertThat(store.stored).extracting(TraceRecord::id).containsExactly("first", "second");
  }

  @Test
  void aTraceLargerThanTheWholeBudgetIsStillWrittenWhenTheQueueIsEmpty() {
    FakeTraceStore store = FakeTraceStore.working();
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 10, 4 * 1_024, 5, Duration.ZERO, Duration.ZERO);

    writer.accept(withBodies("huge", 64));
    writer.close();

    assertThat(writer.dropped()).isZero();
    assertThat(store.stored).extracting(TraceRecord::id).containsExactly("huge");
  }

  @Test
  void aStoreThatKeepsFailingHasItsRecordsCountedAsDropped() {
    FakeTraceStore store = FakeTraceStore.failing(Integer.MAX_VALUE);
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 100, 100, Duration.ofSeconds(10));
    traces(3).forEach(writer::accept);

    assertTimeoutPreemptively(HANG_GUARD, () -> writer.close());

    assertThat(writer.dropped()).isEqualTo(3);
    assertThat(writer.written()).isZero();
  }

  @Test
  void aFailedAppendIsRetried() {
    FakeTraceStore store = FakeTraceStore.failing(2);
    AsyncTraceWriter writer = new AsyncTraceWriter(store, 100, 100, Duration.ofSeconds(10));
    traces(4).forEach(writer::accept);

    assertTimeoutPreemptively(HANG_GUARD, () -> writer.close());

    assertThat(writer.written()).isEqualTo(4);
    assertThat(writer.dropped()).isZero();
    assertThat(store.stored).hasSize(4);
  }

  @Test
  void tracesAcceptedAfterCloseAreCountedAsDropped() {
    FakeTraceStore store = FakeTraceStore.working();
    AsyncTraceWriter writer = new AsyncTraceWriter(store);
    writer.accept(trace("before", 0).build());
    writer.close();

    writer.accept(trace("after", 1).build());
    writer.accept(null);

    assertThat(store.stored).extracting(TraceRecord::id).containsExactly("before");
    assertThat(writer.dropped()).isEqualTo(1);
    assertThat(writer.flush(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void nonsenseSizesAreRefused() {
    FakeTraceStore store = FakeTraceStore.working();
    assertThatThrownBy(() -> new AsyncTraceWriter(store, 1, 0L, 1, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AsyncTraceWriter(store, 0, 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AsyncTraceWriter(store, 1, 1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
