package dev.apprentice.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A breaker's permissions and outcomes across its state changes, as streams that end minutes later report them. */
class BreakersTest {

  /** Opens after two calls when at least half failed; half-opens soon after. */
  private static final Breakers.Policy STRICT = new Breakers.Policy(50, 2, Duration.ofMillis(100));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TARGET = "openai/gpt-4o";

  private final Breakers breakers = new Breakers();

  private Permit acquire(Duration timeout) {
    return breakers.tryAcquire(TARGET, STRICT, timeout);
  }

  /** Two failed calls open the circuit; then waits until it lets a trial through, and returns that trial's permit. */
  private Permit openThenTakeTheTrial() throws InterruptedException {
    return openThenTakeTheTrial(TIMEOUT);
  }

  /** As {@link #openThenTakeTheTrial()}, the trial taken by a call whose timeout is {@code trialTimeout}. */
  private Permit openThenTakeTheTrial(Duration trialTimeout) throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      Breakers.recordFailure(acquire(TIMEOUT), 1, new ProviderException(Kind.SERVER_ERROR, 500, "down"));
    }
    assertThat(acquire(TIMEOUT)).as("open").isNull();
    Thread.sleep(STRICT.openFor().plusMillis(100).toMillis());
    Permit trial = acquire(trialTimeout);
    assertThat(trial).as("the half-open trial").isNotNull();
    return trial;
  }

  @Test
  void requestsOverATargetsOwnLimitNeverOpenItsCircuit() {
    // Groq's 413 rate_limit_exceeded: this request is over the tier's tokens a minute, smaller ones are served
    for (int i = 0; i < 4; i++) {
      Permit permit = acquire(TIMEOUT);
      assertThat(permit).as("closed after %d such failures", i).isNotNull();
      Breakers.recordFailure(permit, 1, ProviderException.answered(Kind.OVER_TARGET_LIMIT, 413,
          "groq answered HTTP 413: Request too large", null, null));
    }
  }

  @Test
  void answersThatAllTakeLongerThanAMinuteNeverOpenTheCircuit() {
    // a model whose whole answers take minutes (a reasoning model, a long generation) is slow, not unhealthy: only
    // failures count, as the breaker's policy says
    long twoMinutes = Duration.ofMinutes(2).toNanos();
    for (int i = 0; i < 10; i++) {
      Permit permit = acquire(TIMEOUT);
      assertThat(permit).as("closed after %d slow answers", i).isNotNull();
      permit.succeeded(twoMinutes);
    }
    assertThat(breakers.isOpen(TARGET)).isFalse();
  }

  @Test
  void aStreamThatStartedBeforeTheCircuitOpenedCannotCloseItWhileItsHalfOpenTrialRuns() throws InterruptedException {
    PendingOutcome old = new PendingOutcome(acquire(TIMEOUT), 1); // a stream still running, taken while closed
    Permit trial = openThenTakeTheTrial();

    old.succeeded();

    assertThat(acquire(TIMEOUT)).as("still half-open: the trial's outcome decides").isNull();
    new PendingOutcome(trial, 1).succeeded();
    assertThat(acquire(TIMEOUT)).as("closed by the trial itself").isNotNull();
  }

  @Test
  void aStreamThatStartedBeforeTheCircuitOpenedCannotLetASecondTrialThrough() throws InterruptedException {
    PendingOutcome old = new PendingOutcome(acquire(TIMEOUT), 1);
    openThenTakeTheTrial();

    old.abandoned();

    assertThat(acquire(TIMEOUT)).as("one trial at a time").isNull();
  }

  @Test
  void aStaleFailureDoesNotReopenAHalfOpenCircuit() throws InterruptedException {
    PendingOutcome old = new PendingOutcome(acquire(TIMEOUT), 1);
    Permit trial = openThenTakeTheTrial();

    old.failedMidStream(new ProviderException(Kind.SERVER_ERROR, 500, "broke"));
    new PendingOutcome(trial, 1).succeeded();

    assertThat(acquire(TIMEOUT)).as("closed by the trial, not reopened by the old stream").isNotNull();
  }

  @Test
  void aTrialWhoseEndIsNeverReportedOpensTheCircuitAgainOnceItsTimeIsUpSoALaterTrialGetsThrough()
      throws InterruptedException {
    Duration shortCall = Duration.ofMillis(100);
    openThenTakeTheTrial(shortCall); // never settled: a stream nobody reads or closes
    assertThat(acquire(TIMEOUT)).as("while the trial may still answer").isNull();

    Thread.sleep(Breakers.halfOpenLimit(shortCall).plus(STRICT.openFor()).plusMillis(200).toMillis());

    assertThat(acquire(TIMEOUT)).as("a new trial").isNotNull();
  }

  @Test
  void aShortCallsLostTrialIsGivenUpAtItsOwnBoundThoughALongerCallReachedTheTargetFirst()
      throws InterruptedException {
    Duration shortCall = Duration.ofMillis(100);
    openThenTakeTheTrial(shortCall); // the circuit was made by the first failures' 60 s calls

    Thread.sleep(Breakers.halfOpenLimit(shortCall).plus(STRICT.openFor()).plusMillis(200).toMillis());

    assertThat(acquire(TIMEOUT)).as("a new trial, not a wait of 60 s and as much again").isNotNull();
  }

  @Test
  void aLongCallsTrialIsWaitedForThoughAShorterCallReachedTheTargetFirst() throws InterruptedException {
    Duration shortCall = Duration.ofMillis(100);
    breakers.tryAcquire(TARGET, STRICT, shortCall).release(); // the first call to reach the target is short
    Permit trial = openThenTakeTheTrial(TIMEOUT); // the trial is a 60 s call, still running

    Thread.sleep(Breakers.halfOpenLimit(shortCall).plus(STRICT.openFor()).plusMillis(200).toMillis());

    assertThat(acquire(TIMEOUT)).as("still the long call's trial").isNull();
    new PendingOutcome(trial, 1).succeeded();
    assertThat(acquire(TIMEOUT)).as("closed by the trial that was waited for").isNotNull();
  }

  @Test
  void aTrialGivenBackUnusedLeavesTheCircuitHalfOpenForTheNextCallsTrial() throws InterruptedException {
    Duration shortCall = Duration.ofMillis(100);
    openThenTakeTheTrial(shortCall).release();
    Permit next = acquire(TIMEOUT);
    assertThat(next).as("the next call's trial").isNotNull();

    Thread.sleep(Breakers.halfOpenLimit(shortCall).plus(STRICT.openFor()).plusMillis(200).toMillis());

    new PendingOutcome(next, 1).succeeded();
    assertThat(acquire(TIMEOUT)).as("closed by the second trial, not given up at the first one's bound").isNotNull();
  }

  @Test
  void aCircuitWaitsForItsTrialItsCallsTimeoutAndAsMuchAgainAtMostHalfAMinuteMore() {
    assertThat(Breakers.halfOpenLimit(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(20));
    assertThat(Breakers.halfOpenLimit(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(630));
  }
}
