package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeRunsTest {

  /** A thread per task: the common pool may have one worker, which the gated run would hold. */
  private static final Executor OWN_THREAD = task -> Thread.ofPlatform().start(task);

  private final NativeRuns runs = new NativeRuns("the fake model");
  private final AtomicInteger frees = new AtomicInteger();
  private final CountDownLatch inRun = new CountDownLatch(1);
  private final CountDownLatch endRun = new CountDownLatch(1);

  @Test
  void closingWhileARunIsInFlightFreesOnlyOnceTheRunHasEnded() throws Exception {
    CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> runs.run(this::gatedRun), OWN_THREAD);
    inRun.await();

    CompletableFuture<Boolean> close = CompletableFuture.supplyAsync(() -> runs.close(Duration.ofDays(1), this::free), OWN_THREAD);
    awaitClosing();
    assertThat(frees).hasValue(0);
    assertThat(close).isNotDone();

    endRun.countDown();
    assertThat(run.get()).isEqualTo("ran with the handles alive");
    assertThat(close.get()).isTrue();
    assertThat(frees).hasValue(1);
  }

  @Test
  void aRunAskedForOnceClosingHasBegunIsRefusedWithAClearError() throws Exception {
    CompletableFuture.runAsync(() -> runs.run(this::gatedRun), OWN_THREAD);
    inRun.await();
    CompletableFuture<Boolean> close = CompletableFuture.supplyAsync(() -> runs.close(Duration.ofDays(1), this::free), OWN_THREAD);
    awaitClosing();

    assertThatThrownBy(() -> runs.run(() -> "late")).isInstanceOf(IllegalStateException.class)
        .hasMessage("the fake model is closed");
    endRun.countDown();
    close.get();
    assertThatThrownBy(() -> runs.run(() -> "after")).hasMessage("the fake model is closed");
  }

  @Test
  void closingTwiceFreesOnce() {
    assertThat(runs.close(Duration.ZERO, this::free)).isTrue();
    assertThat(runs.close(Duration.ZERO, this::free)).isTrue();

    assertThat(frees).hasValue(1);
  }

  @Test
  void closingWhileTheProcessEndsLeavesTheHandlesToTheProcessesEndAndRefusesRuns() {
    NativeRuns ending = new NativeRuns("the fake model", () -> true);

    assertThat(ending.close(Duration.ZERO, this::free)).isTrue();
    assertThat(frees).hasValue(0);
    assertThatThrownBy(() -> ending.run(() -> "late")).hasMessage("the fake model is closed");
  }

  @Test
  void closingWhileTheProcessEndsDoesNotWaitForARunInFlight() throws Exception {
    NativeRuns ending = new NativeRuns("the fake model", () -> true);
    CompletableFuture.runAsync(() -> ending.run(this::gatedRun), OWN_THREAD);
    inRun.await();

    assertThat(ending.close(Duration.ZERO, this::free)).as("closed, its handles left to the process's end").isTrue();
    assertThat(frees).hasValue(0);
    endRun.countDown();
  }

  @Test
  void theProcessIsNotEndingWhileTestsRun() {
    assertThat(NativeRuns.processEnding()).isFalse();
  }

  @Test
  void aRunStillGoingWhenThePatienceEndsLeavesTheHandlesUnfreed() throws Exception {
    CompletableFuture.runAsync(() -> runs.run(this::gatedRun), OWN_THREAD);
    inRun.await();

    assertThat(runs.close(Duration.ZERO, this::free)).isFalse();
    assertThat(frees).hasValue(0);
    endRun.countDown();
  }

  private String gatedRun() {
    inRun.countDown();
    try {
      endRun.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return frees.get() == 0 ? "ran with the handles alive" : "ran on freed handles";
  }

  private void free() {
    frees.incrementAndGet();
  }

  /** Waits until the closer is queued for the lock, so that the assertions after it see a close under way. */
  private void awaitClosing() throws InterruptedException {
    while (!runs.closerWaiting()) Thread.onSpinWait();
  }
}
