package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Loading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing several models (their runs gated here) and loads against one deadline. */
class ClosingModelsTest {

  private final FakeModel first = new FakeModel("the first model");
  private final FakeModel second = new FakeModel("the second model");
  private final List<Duration> patiences = new ArrayList<>();
  private final CountDownLatch endLoad = new CountDownLatch(1);

  @AfterEach
  void endWhatIsGated() {
    first.endRun.countDown();
    second.endRun.countDown();
    endLoad.countDown();
  }

  @Test
  void everyModelRefusesNewRunsAsSoonAsTheCloseBeginsWhileItWaitsForAnotherModelsRun() throws Exception {
    first.startRun();
    CompletableFuture<Void> close = CompletableFuture.runAsync(() -> closing(false).close(List.of(),
        List.of(first.model(), second.model()), Duration.ofDays(1)), task -> Thread.ofPlatform().start(task));
    while (!first.runs.closerWaiting()) Thread.onSpinWait();

    assertThatThrownBy(() -> second.runs.run(() -> "late")).hasMessage("the second model is closed");
    assertThat(close).isNotDone();
    first.endRun.countDown();
    close.get();
    assertThat(first.frees).hasValue(1);
    assertThat(second.frees).hasValue(1);
  }

  @Test
  void aLoadThatUsedUpThePatienceLeavesTheModelsNoMoreWaitOfTheirOwn() throws Exception {
    Loading<String> load = new Loading<>("the fake load", this::gatedLoad);
    load.start();
    second.startRun();

    closing(false).close(List.of(load), List.of(first.model(), second.model()), Duration.ofMillis(50));

    assertThat(patiences).containsExactly(Duration.ZERO, Duration.ZERO);
    assertThat(first.frees).as("no run in flight: freed at once").hasValue(1);
    assertThat(second.frees).as("its run still going: left unfreed").hasValue(0);
  }

  @Test
  void whileTheProcessEndsTheModelsRefuseNewRunsAndNothingIsWaitedForNorFreed() throws Exception {
    Loading<String> load = new Loading<>("the fake load", this::gatedLoad);
    load.start();
    first.startRun();

    closing(true).close(List.of(load), List.of(first.model(), second.model()), Duration.ofDays(1));

    assertThat(load.settle(Duration.ZERO)).as("returned with the load still going").isFalse();
    assertThatThrownBy(() -> second.runs.run(() -> "late")).hasMessage("the second model is closed");
    assertThat(first.frees).hasValue(0);
    assertThat(second.frees).hasValue(0);
  }

  private ClosingModels closing(boolean processEnding) {
    return new ClosingModels(() -> processEnding);
  }

  private String gatedLoad() {
    try {
      endLoad.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return "loaded";
  }

  /** A model whose runs wait until the test lets them end. */
  private final class FakeModel {

    final NativeRuns runs;
    final AtomicInteger frees = new AtomicInteger();
    final CountDownLatch endRun = new CountDownLatch(1);

    FakeModel(String what) {
      runs = new NativeRuns(what);
    }

    ClosingModels.Model model() {
      return new ClosingModels.Model(runs::refuse, patience -> {
        patiences.add(patience);
        return runs.close(patience, frees::incrementAndGet);
      });
    }

    /** Starts a run on a thread of its own; returns once it is in flight. */
    void startRun() throws InterruptedException {
      CountDownLatch inRun = new CountDownLatch(1);
      Thread.ofPlatform().start(() -> runs.run(() -> {
        inRun.countDown();
        try {
          endRun.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return "ran";
      }));
      inRun.await();
    }
  }
}
