package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MicroBatcherTest {

  /** Upper-cases its items, records each batch, and can be held at the start of a batch. */
  private static final class Recorder implements Function<List<String>, List<String>> {
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public List<String> apply(List<String> items) {
      batches.add(List.copyOf(items));
      entered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (items.contains("boom")) throw new IllegalArgumentException("boom in the batch");
      return items.stream().map(String::toUpperCase).toList();
    }
  }

  private final Recorder recorder = new Recorder();
  private final ExecutorService callers = Executors.newFixedThreadPool(16);
  private MicroBatcher<String, String> batcher;

  @AfterEach
  void stop() {
    callers.shutdownNow();
    if (batcher != null) batcher.close();
  }

  @Test
  void concurrentCallersEachGetTheirOwnResultsInOrder() throws Exception {
    batcher = new MicroBatcher<>("test", recorder, 8, 1);
    List<Future<List<String>>> answers = new ArrayList<>();
    for (int c = 0; c < 50; c++) {
      int caller = c;
      answers.add(callers.submit(() -> batcher.process(List.of("a" + caller, "b" + caller, "c" + caller))));
    }
    for (int c = 0; c < 50; c++) assertThat(answers.get(c).get()).containsExactly("A" + c, "B" + c, "C" + c);
    assertThat(recorder.batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(8));
  }

  @Test
  void callsArrivingWhileABatchRunsAreBatchedTogether() throws Exception {
    batcher = new MicroBatcher<>("test", recorder, 64, 1);
    recorder.gate = new CountDownLatch(1);
    Future<List<String>> first = callers.submit(() -> batcher.process(List.of("first")));
    recorder.entered.await();
    List<Future<List<String>>> later = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      String item = "later" + c;
      later.add(callers.submit(() -> batcher.process(List.of(item))));
    }
    while (batcher.queuedCalls() < 10) Thread.sleep(5);
    recorder.gate.countDown();

    assertThat(first.get()).containsExactly("FIRST");
    for (int c = 0; c < 10; c++) assertThat(later.get(c).get()).containsExactly("LATER" + c);
    assertThat(recorder.batches).hasSize(2);
    assertThat(recorder.batches.get(1)).hasSize(10);
  }

  @Test
  void aLargeCallIsWorkedThroughInBoundedSlicesAndAnsweredInOrder() {
    batcher = new MicroBatcher<>("test", recorder, 32, 2);
    List<String> items = IntStream.range(0, 10_000).mapToObj(i -> "item" + i).toList();

    List<String> results = batcher.process(items);

    assertThat(results).isEqualTo(items.stream().map(String::toUpperCase).toList());
    assertThat(recorder.batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(32));
    assertThat(recorder.batches.size()).isGreaterThanOrEqualTo(10_000 / 32);
  }

  @Test
  void aSmallCallQueuedBehindALargeOneRidesInTheNextBatch() throws Exception {
    batcher = new MicroBatcher<>("test", recorder, 10, 1);
    recorder.gate = new CountDownLatch(1);
    Future<List<String>> blocker = callers.submit(() -> batcher.process(List.of("blocker")));
    recorder.entered.await();
    Future<List<String>> large = callers.submit(() -> batcher.process(
        IntStream.range(0, 100).mapToObj(i -> "big" + i).toList()));
    while (batcher.queuedCalls() < 1) Thread.sleep(5);
    Future<List<String>> small = callers.submit(() -> batcher.process(List.of("small")));
    while (batcher.queuedCalls() < 2) Thread.sleep(5);
    recorder.gate.countDown();

    assertThat(small.get()).containsExactly("SMALL");
    assertThat(large.get()).hasSize(100).startsWith("BIG0", "BIG1").endsWith("BIG99");
    assertThat(blocker.get()).containsExactly("BLOCKER");
    assertThat(recorder.batches.get(2)).as("the third batch").contains("small");
  }

  @Test
  void aFailingBatchFailsItsCallsAndTheNextBatchesStillRun() throws Exception {
    batcher = new MicroBatcher<>("test", recorder, 1, 1);

    assertThatThrownBy(() -> batcher.process(List.of("ok", "boom")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("boom in the batch")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(batcher.process(List.of("fine"))).containsExactly("FINE");
  }

  @Test
  void closingFailsQueuedCallsAndLetsTheRunningBatchFinish() throws Exception {
    batcher = new MicroBatcher<>("test", recorder, 4, 1);
    recorder.gate = new CountDownLatch(1);
    Future<List<String>> running = callers.submit(() -> batcher.process(List.of("running")));
    recorder.entered.await();
    Future<List<String>> queued = callers.submit(() -> batcher.process(List.of("queued")));
    while (batcher.queuedCalls() < 1) Thread.sleep(5);

    Future<?> closing = callers.submit(batcher::close);
    assertThatThrownBy(queued::get).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed before the call finished");
    recorder.gate.countDown();
    closing.get(10, TimeUnit.SECONDS);

    assertThat(running.get()).containsExactly("RUNNING");
    assertThatThrownBy(() -> batcher.process(List.of("late"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aCallGivenUpWhileQueuedHasNoneOfItsItemsRunAndTheCallsAfterItAreServed() throws Exception {
    batcher = new MicroBatcher<>("test", recorder, 4, 1);
    recorder.gate = new CountDownLatch(1);
    Future<List<String>> running = callers.submit(() -> batcher.process(List.of("running")));
    recorder.entered.await();
    java.util.concurrent.CompletableFuture<List<String>> givenUp = batcher.submit(List.of("gone1", "gone2", "gone3"));
    java.util.concurrent.CompletableFuture<List<String>> kept = batcher.submit(List.of("kept"));

    givenUp.cancel(false); // its deadline passed, or its client left
    recorder.gate.countDown();

    assertThat(kept.get()).containsExactly("KEPT");
    assertThat(running.get()).containsExactly("RUNNING");
    assertThat(recorder.batches).as("the given-up call's items were never run").flatMap(batch -> batch)
        .containsExactly("running", "kept");
  }

  @Test
  void aCallGivenUpWhileItsItemsRunLetsThatBatchFinishAndDropsTheRestOfItsItems() throws Exception {
    batcher = new MicroBatcher<>("test", recorder, 2, 1);
    recorder.gate = new CountDownLatch(1);
    java.util.concurrent.CompletableFuture<List<String>> givenUp = batcher.submit(List.of("a", "b", "c", "d", "e"));
    recorder.entered.await();

    givenUp.cancel(false);
    recorder.gate.countDown();

    assertThat(batcher.process(List.of("next"))).as("the worker serves on").containsExactly("NEXT");
    assertThat(recorder.batches).containsExactly(List.of("a", "b"), List.of("next"));
    assertThat(givenUp).isCancelled();
  }

  @Test
  void anEmptyCallIsAnsweredWithoutABatch() {
    batcher = new MicroBatcher<>("test", recorder, 4, 1);

    assertThat(batcher.process(List.of())).isEmpty();
    assertThat(recorder.batches).isEmpty();
  }
}
