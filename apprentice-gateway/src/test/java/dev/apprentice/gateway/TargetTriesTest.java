package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.PendingOutcome;
import dev.apprentice.gateway.resilience.RetryBudget;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link TargetTries} owes an answer that it settled but could not hand on. */
class TargetTriesTest {

  private static final Breakers.Policy STRICT = new Breakers.Policy(50, 2, Duration.ofMillis(100));

  private final FakeProvider openai = new FakeProvider("openai");
  private final TargetTries tries = new TargetTries(new Breakers(), new Backoff(Duration.ofSeconds(1),
      () -> new Random(1)), new FakeSleeper(), RetryBudget.UNLIMITED);
  private final ModelRoute route = route("smart", target(openai, "gpt-4o")).breaker(STRICT).build();

  @AfterEach
  void close() {
    openai.close();
  }

  /** An answer that holds its outcome until it is read or let go, as a stream does. */
  private static final class HeldAnswer {
    final PendingOutcome outcome;
    boolean discarded;

    HeldAnswer(PendingOutcome outcome) {
      this.outcome = outcome;
    }
  }

  private final List<HeldAnswer> settled = new ArrayList<>();

  private final TargetTries.Settlement<HeldAnswer> holding = new TargetTries.Settlement<>() {
    @Override
    public HeldAnswer settle(HeldAnswer answer, PendingOutcome outcome) {
      HeldAnswer held = new HeldAnswer(outcome);
      settled.add(held);
      return held;
    }

    @Override
    public void discard(HeldAnswer answer) {
      answer.discarded = true;
      answer.outcome.abandoned();
    }
  };

  private HeldAnswer run(TargetTries.TargetCall<HeldAnswer> call, TargetTries.Listener listener) {
    return tries.run(new TargetTries.Course(route, route.targets(), System.nanoTime() + 60_000_000_000L,
        AttemptLimit.of(route, false), t -> true, new Cancellation()), call, holding, listener);
  }

  private static final TargetTries.Listener QUIET = attempt -> {};

  private static final TargetTries.Listener FAILS_ON_ANSWER = new TargetTries.Listener() {
    @Override
    public void attempted(Attempt attempt) {}

    @Override
    public void answered(dev.apprentice.gateway.routing.Target target, long tookNanos) {
      throw new IllegalStateException("a faulty listener");
    }
  };

  @Test
  void anAnswerAStepAfterItsSettlingFailedOnIsLetGoAndItsHalfOpenTrialEndsOnce() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> run((t, deadline, status) -> {
        throw new ProviderException(Kind.SERVER_ERROR, 500, "down");
      }, QUIET)).isInstanceOf(GatewayException.class);
    }
    Thread.sleep(STRICT.openFor().plusMillis(100).toMillis());

    assertThatThrownBy(() -> run((t, deadline, status) -> null, FAILS_ON_ANSWER)).hasMessage("a faulty listener");

    assertThat(settled).singleElement().satisfies(trial -> assertThat(trial.discarded).isTrue());
    HeldAnswer next = run((t, deadline, status) -> null, QUIET);
    assertThatThrownBy(() -> run((t, deadline, status) -> null, QUIET)).as("one new trial at a time")
        .isInstanceOf(GatewayException.class);
    next.outcome.succeeded();
    assertThat(run((t, deadline, status) -> null, QUIET)).as("closed by that trial").isNotNull();
  }

  @Test
  void anEmbeddingAnsweredAsItsClientLeavesIsHandedBackAndTheServingThreadIsNotLeftInterrupted() throws Exception {
    // as an embedding call is run: its own cancellation, cancelled by the departure watcher's thread
    Cancellation cancellation = new Cancellation();
    CountDownLatch asked = new CountDownLatch(1);
    Thread watcher = Thread.ofPlatform().start(() -> {
      try {
        asked.await();
      } catch (InterruptedException e) {
        return;
      }
      cancellation.cancel();
    });
    TargetTries.Course course = TargetTries.Course.inOrder(route, System.nanoTime() + 60_000_000_000L, t -> true,
        cancellation);

    String answer = tries.run(course, (target, deadline, status) -> {
      asked.countDown();
      awaitInterrupt(); // the client leaves just as the answer comes: the cancel interrupts the thread still trying
      return "vectors";
    }, QUIET);

    watcher.join();
    assertThat(answer).isEqualTo("vectors");
    assertThat(cancellation.cancelled()).isTrue();
    assertThat(Thread.interrupted()).as("the interrupt was for the attempt only").isFalse();
  }

  /** Waits for this thread's interrupt, leaving it set; bounded only so that a broken cancellation fails, not hangs. */
  private static void awaitInterrupt() {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Thread.currentThread().isInterrupted()) {
      if (System.nanoTime() > until) throw new AssertionError("the cancel never interrupted the try");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
