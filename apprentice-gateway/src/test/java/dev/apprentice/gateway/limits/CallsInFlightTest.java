package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code max_concurrent} of keys and tenants: a place per call in flight, given back once when it ends. */
class CallsInFlightTest {

  private final CallsInFlight inFlight = new CallsInFlight();

  private static Limits atOnce(int calls) {
    return new Limits(null, null, null, null, calls);
  }

  @Test
  void aKeyPastItsCallsInFlightIsRefusedWithRateLimitExceededUntilOneEnds() {
    Caller caller = caller("k1", "acme", atOnce(2), Limits.NONE);
    CallsInFlight.Places first = inFlight.enter(caller);
    inFlight.enter(caller);

    assertThatThrownBy(() -> inFlight.enter(caller)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED);
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
      assertThat(e.getMessage()).isEqualTo("Too many calls at once: key 'k1' allows 2 calls in flight at once"
          + " (max_concurrent), and that many are running; a place frees when one of them ends (a stream when it"
          + " ends). Try again in 1s.");
    });
    inFlight.leave(first);
    inFlight.enter(caller);
  }

  @Test
  void aTenantsPlacesAreSharedByItsKeysAndARefusedKeyKeepsNoPlaceOfItsOwn() {
    Caller first = caller("k1", "acme", Limits.NONE, atOnce(1));
    Caller second = caller("k2", "acme", atOnce(5), atOnce(1));
    CallsInFlight.Places running = inFlight.enter(first);

    assertThatThrownBy(() -> inFlight.enter(second)).hasMessageContaining("tenant 'acme' allows 1 call in flight");

    assertThat(inFlight.inFlight(Scope.KEY, "k2")).as("the key's place given back").isZero();
    inFlight.leave(running);
    inFlight.enter(second);
    assertThat(inFlight.inFlight(Scope.KEY, "k2")).isEqualTo(1);
  }

  @Test
  void aCallThatEndsTwiceGivesItsPlaceBackOnce() {
    Caller caller = caller("k1", "acme", atOnce(2), Limits.NONE);
    CallsInFlight.Places once = inFlight.enter(caller);
    inFlight.enter(caller);

    inFlight.leave(once);
    inFlight.leave(once);

    assertThat(inFlight.inFlight(Scope.KEY, "k1")).isEqualTo(1);
  }

  @Test
  void aCallRefusedForCallsInFlightGivesBackTheRequestAndBudgetItTookFirst() {
    BudgetLedger ledger = new BudgetLedger();
    Admission admission = new Admission(new RateLimiter(), ledger);
    Caller caller = caller("k1", "acme", new Limits(2, null, 1.00, null, 1), Limits.NONE);
    Admission.Held running = admission.reserve(caller, 0, 0.60, Instant.now());

    assertThatThrownBy(() -> admission.reserve(caller, 0, 0.10, Instant.now()))
        .hasMessageContaining("max_concurrent");

    assertThat(ledger.held(Scope.KEY, "k1", Window.DAY)).as("only the running call's $0.60").isEqualTo(0.60);
    admission.leave(running);
    admission.reserve(caller, 0, 0.10, Instant.now()); // the second request of the minute: the refused one took none
  }

  @Test
  void aRateLimitThatWaitsLongerIsAnsweredRatherThanTheCallsInFlight() {
    Admission admission = new Admission(new RateLimiter(), new BudgetLedger());
    Caller caller = caller("k1", "acme", new Limits(1, null, null, null, 1), Limits.NONE);
    admission.reserve(caller, 0, null, Instant.now());

    assertThatThrownBy(() -> admission.reserve(caller, 0, null, Instant.now()))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getMessage()).contains("(RPM)"));
  }

  @Test
  void keysAndTenantsWithNoCallsInFlightKeepNoCounterSoShortLivedKeysLeaveNothingBehind() {
    for (int i = 0; i < 1_000; i++) {
      Caller shortLived = caller("ci-" + i, "acme", atOnce(1), atOnce(3));
      inFlight.leave(inFlight.enter(shortLived));
    }
    CallsInFlight.Places running = inFlight.enter(caller("k1", "full", Limits.NONE, atOnce(1)));
    assertThatThrownBy(() -> inFlight.enter(caller("k2", "full", atOnce(1), atOnce(1))))
        .hasMessageContaining("tenant 'full'");

    assertThat(inFlight.counters()).as("only the tenant with a call in flight").isEqualTo(1);
    inFlight.leave(running);
    assertThat(inFlight.counters()).isZero();
  }

  @Test
  void callsEnteringAndLeavingAtOnceNeverRunMoreThanTheLimitAndLeaveNoPlaceTaken() throws Exception {
    Caller caller = caller("k1", "acme", atOnce(2), atOnce(3));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Callable<Void> calls = () -> {
      for (int i = 0; i < 20_000; i++) {
        CallsInFlight.Places places;
        try {
          places = inFlight.enter(caller);
        } catch (GatewayException refused) {
          continue;
        }
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        running.decrementAndGet();
        inFlight.leave(places);
      }
      return null;
    };
    List<Future<Void>> done = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) done.add(threads.submit(calls));
      for (Future<Void> f : done) f.get();
    }

    assertThat(most.get()).isLessThanOrEqualTo(2);
    assertThat(inFlight.inFlight(Scope.KEY, "k1")).isZero();
    assertThat(inFlight.counters()).isZero();
    inFlight.enter(caller);
    inFlight.enter(caller);
  }
}
