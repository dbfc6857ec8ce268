package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoadingTest {

  @Test
  void aCallWhoseDeadlinePassesWhileTheLoadRunsGivesUpNamingItAndTheLoadGoesOnForTheNextCall() {
    CountDownLatch release = new CountDownLatch(1);
    Loading<String> model = new Loading<>("the slow model", () -> {
      awaitQuietly(release);
      return "loaded";
    });

    assertThatThrownBy(() -> model.get(Deadline.in(Duration.ofMillis(50))))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage("the slow model was still loading")
        .satisfies(e -> assertThat(((DeadlineExceededException) e).loading()).hasValue("the slow model"));

    release.countDown();
    assertThat(model.get(Deadline.in(Duration.ofMinutes(1)))).isEqualTo("loaded");
    assertThat(model.loaded()).isTrue();
  }

  @Test
  void aLoadedThingIsGivenEvenToACallWhoseTimeIsUp() {
    Loading<String> model = new Loading<>("the quick model", () -> "loaded");
    assertThat(model.get()).isEqualTo("loaded");

    assertThat(model.get(Deadline.in(Duration.ZERO))).isEqualTo("loaded");
  }

  @Test
  void aCallWhoseClientLeavesStopsWaitingWhileTheLoadGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Loading<String> model = new Loading<>("the slow model", () -> {
      awaitQuietly(release);
      return "loaded";
    });
    CompletableFuture<Void> left = new CompletableFuture<>();
    Deadline deadline = Deadline.at(System.nanoTime() + Duration.ofMinutes(5).toNanos(), left);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        waiting.countDown();
        model.get(deadline);
      } catch (RuntimeException e) {
        thrown.set(e);
      }
    });
    waiting.await();

    left.complete(null);
    caller.join();

    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
    release.countDown();
    assertThat(model.get()).as("the load was not cancelled with the caller").isEqualTo("loaded");
  }

  @Test
  void aFailedLoadFailsEveryLaterCallAtOnceWithItsErrorAndIsNotTriedAgain() {
    AtomicInteger loads = new AtomicInteger();
    Loading<String> model = new Loading<>("the broken model", () -> {
      loads.incrementAndGet();
      throw new IllegalStateException("the file is not a model");
    });

    assertThatThrownBy(model::get).isInstanceOf(IllegalStateException.class).hasMessage("the file is not a model");
    assertThatThrownBy(() -> model.get(Deadline.in(Duration.ofMinutes(1))))
        .isInstanceOf(IllegalStateException.class).hasMessage("the file is not a model");
    assertThatThrownBy(() -> model.get(Deadline.in(Duration.ZERO))).hasMessage("the file is not a model");

    assertThat(loads).hasValue(1);
    assertThat(model.failed()).isTrue();
    assertThat(model.loaded()).isFalse();
  }

  @Test
  void anErrorOfTheLoadIsKeptAsItsFailureNotThrownAsAnError() {
    Loading<String> model = new Loading<>("the unlinked model", () -> {
      throw new UnsatisfiedLinkError("no onnxruntime in java.library.path");
    });

    assertThatThrownBy(model::get).isInstanceOf(IllegalStateException.class)
        .hasMessage("no onnxruntime in java.library.path").hasCauseInstanceOf(UnsatisfiedLinkError.class);
  }

  @Test
  void anErrorWithoutAMessageIsKeptAsAFailureSayingItsCausesMessage() {
    Loading<String> model = new Loading<>("the model whose class did not initialize", () -> {
      throw new ExceptionInInitializerError(new IllegalStateException("no native library"));
    });

    assertThatThrownBy(model::get).isInstanceOf(IllegalStateException.class)
        .hasMessage("no native library")
        .hasCauseInstanceOf(ExceptionInInitializerError.class);
  }

  @Test
  void aFailureIsDescribedByItsMessageElseItsCausesElseAsWithoutOneNeverByItsClass() {
    assertThat(Loading.why(new IllegalStateException("no model files"))).isEqualTo("no model files");
    assertThat(Loading.why(new IllegalStateException())).isEqualTo("an error without a message");
    assertThat(Loading.why(new ExceptionInInitializerError(new NullPointerException())))
        .isEqualTo("an error without a message");
  }

  @Test
  void manyCallersShareOneLoad() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Loading<String> model = new Loading<>("the shared model", () -> {
      loads.incrementAndGet();
      awaitQuietly(release);
      return "loaded";
    });
    Thread[] callers = new Thread[8];
    for (int i = 0; i < callers.length; i++) callers[i] = Thread.ofVirtual().start(model::get);

    release.countDown();
    for (Thread caller : callers) caller.join();

    assertThat(loads).hasValue(1);
  }

  @Test
  void theLoadRunsOnADaemonPlatformThreadNotOnACarrierOfTheCallsVirtualThreads() {
    AtomicReference<Thread> loader = new AtomicReference<>();
    Loading<String> model = new Loading<>("the model", () -> {
      loader.set(Thread.currentThread());
      return "loaded";
    });

    assertThat(model.get()).isEqualTo("loaded");

    assertThat(loader.get().isVirtual()).isFalse();
    assertThat(loader.get().isDaemon()).isTrue();
  }

  @Test
  void settlingWaitsForALoadThatHasStartedToEnd() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Loading<String> model = new Loading<>("the slow model", () -> {
      awaitQuietly(release);
      return "loaded";
    });
    model.start();
    CompletableFuture<Boolean> settled = CompletableFuture.supplyAsync(() -> model.settle(Duration.ofDays(1)));

    assertThat(model.settle(Duration.ZERO)).as("still loading").isFalse();
    assertThat(settled).isNotDone();
    release.countDown();
    assertThat(settled.get()).isTrue();
    assertThat(model.loaded()).isTrue();
  }

  @Test
  void aLoadNeverStartedOrAlreadyFailedIsSettled() {
    assertThat(new Loading<>("the idle model", () -> "loaded").settle(Duration.ZERO)).isTrue();
    Loading<String> broken = new Loading<>("the broken model", () -> {
      throw new IllegalStateException("no file");
    });
    assertThatThrownBy(broken::get).hasMessage("no file");

    assertThat(broken.settle(Duration.ZERO)).isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
