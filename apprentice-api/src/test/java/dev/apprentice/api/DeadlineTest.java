package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void workStillWaitedForWhenTheDeadlinePassesIsCancelled() {
    CompletableFuture<String> never = new CompletableFuture<>();
    AtomicInteger started = new AtomicInteger();

    // a loaded machine may pass a short deadline before the work begins (then it is never started): longer ones then
    for (long millis = 20; started.get() == 0 && millis <= 20_000; millis *= 10) {
      Deadline deadline = Deadline.in(Duration.ofMillis(millis));
      assertThatThrownBy(() -> deadline.await(() -> {
        started.incrementAndGet();
        return never;
      })).isInstanceOf(DeadlineExceededException.class);
    }
    assertThat(started).as("the work began").hasValue(1);
    assertThat(never).as("its work leaves the queue").isCancelled();
  }

  @Test
  void workStillWaitedForWhenTheClientLeavesIsCancelled() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<Void> left = new CompletableFuture<>();
    Deadline deadline = Deadline.at(System.nanoTime() + Duration.ofMinutes(5).toNanos(), left);
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiting = Thread.ofVirtual().start(() -> {
      try {
        deadline.await(() -> {
          started.countDown();
          return never;
        });
      } catch (RuntimeException e) {
        thrown.set(e);
      }
    });
    started.await();

    left.complete(null);
    waiting.join();

    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
    assertThat(never).as("its work leaves the queue").isCancelled();
  }

  @Test
  void workWhoseTimeIsUpOrWhoseClientLeftIsNeverStarted() {
    AtomicInteger started = new AtomicInteger();
    Deadline passed = Deadline.in(Duration.ZERO);
    Deadline left = Deadline.at(System.nanoTime() + Duration.ofMinutes(5).toNanos(),
        CompletableFuture.completedFuture(null));

    assertThatThrownBy(() -> passed.await(() -> CompletableFuture.completedFuture(started.incrementAndGet())))
        .isInstanceOf(DeadlineExceededException.class);
    assertThatThrownBy(() -> left.await(() -> CompletableFuture.completedFuture(started.incrementAndGet())))
        .isInstanceOf(CancellationException.class);
    assertThat(started).hasValue(0);
  }

  @Test
  void aPartEndsNoLaterThanItsShareOfTheTimeLeftAndNoDeadlineStaysUnbounded() {
    Deadline call = Deadline.in(Duration.ofSeconds(10));

    assertThat(call.part(0.1).remaining()).isLessThanOrEqualTo(Duration.ofSeconds(1)).isPositive();
    assertThat(Deadline.NONE.part(0.1).bounded()).isFalse();
    assertThat(Deadline.NONE.await(() -> CompletableFuture.completedFuture("done"))).isEqualTo("done");
  }

  @Test
  void theWorksOwnFailureIsThrownAsItFailed() {
    IllegalStateException broken = new IllegalStateException("the model is down");

    assertThatThrownBy(() -> Deadline.in(Duration.ofMinutes(1)).await(() -> CompletableFuture.failedFuture(broken)))
        .isSameAs(broken);
  }

  @Test
  void theClientsLeavingIsAskedForOnlyWhenSomethingWaitsAndOnceForEveryPart() {
    AtomicInteger asked = new AtomicInteger();
    CompletableFuture<Void> left = new CompletableFuture<>();
    Deadline call = Deadline.at(System.nanoTime() + Duration.ofMinutes(5).toNanos(), () -> {
      asked.incrementAndGet();
      return left;
    });
    Deadline lookup = call.part(0.1);

    assertThat(lookup.bounded()).isTrue();
    assertThat(lookup.passed()).isFalse();
    assertThat(lookup.remaining()).isPositive();
    assertThat(asked).as("nothing waited yet").hasValue(0);

    assertThat(lookup.await(() -> CompletableFuture.completedFuture("vector"))).isEqualTo("vector");
    assertThat(call.await(() -> CompletableFuture.completedFuture("vector"))).isEqualTo("vector");
    assertThat(asked).hasValue(1);
  }

  @Test
  void manyWaitsWithinOneCallLeaveNothingHangingOnItsClientsLeaving() {
    CompletableFuture<Void> left = new CompletableFuture<>();
    Deadline call = Deadline.at(System.nanoTime() + Duration.ofMinutes(5).toNanos(), left);

    for (int i = 0; i < 1_000; i++) {
      call.await(() -> CompletableFuture.completedFuture("vector"));
      call.part(0.5).await(() -> CompletableFuture.completedFuture("vector"));
    }

    assertThat(left.getNumberOfDependents()).isLessThanOrEqualTo(1);
  }

  @Test
  void aPartsWorkIsCancelledWhenTheClientLeavesAfterEarlierWaitsEnded() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<Void> left = new CompletableFuture<>();
    Deadline call = Deadline.at(System.nanoTime() + Duration.ofMinutes(5).toNanos(), () -> left);
    call.await(() -> CompletableFuture.completedFuture("earlier"));
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiting = Thread.ofVirtual().start(() -> {
      try {
        call.part(0.5).await(() -> {
          started.countDown();
          return never;
        });
      } catch (RuntimeException e) {
        thrown.set(e);
      }
    });
    started.await();

    left.complete(null);
    waiting.join();

    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
    assertThat(never).as("its work leaves the queue").isCancelled();
  }
}
