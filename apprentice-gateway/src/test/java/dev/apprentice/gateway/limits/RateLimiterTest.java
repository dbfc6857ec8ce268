package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static dev.apprentice.gateway.limits.Callers.rpm;
import static dev.apprentice.gateway.limits.Callers.tpm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final ManualClock clock = new ManualClock("2025-11-10T12:00:00Z");
  private final RateLimiter limiter = new RateLimiter(clock::nanoTime);

  private static GatewayException refusal(Runnable call) {
    try {
      call.run();
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void theRequestAfterTheLastOfAMinuteIsRefusedWithAWholeSecondsRetryAfter() {
    Caller caller = caller("k1", "acme", rpm(2), Limits.NONE);
    limiter.reserve(caller, 0);
    limiter.reserve(caller, 0);

    GatewayException refused = refusal(() -> limiter.reserve(caller, 0));

    assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED);
    assertThat(refused.getMessage()).contains("key 'k1'").contains("2 requests per minute (RPM)");
    assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
    clock.advance(refused.retryAfter());
    limiter.reserve(caller, 0);
  }

  @Test
  void aRefusalSaysToWaitForTheWindowThatHasRoomLastNotTheFirstOneChecked() {
    Caller caller = caller("k1", "acme", new Limits(2, 100, null, null), Limits.NONE);
    limiter.reserve(caller, 0);
    clock.advance(Duration.ofSeconds(10));
    limiter.reserve(caller, 90);
    clock.advance(Duration.ofSeconds(10));

    // the RPM has room once the first call is a minute old (40 s), the TPM once the second is (50 s)
    GatewayException refused = refusal(() -> limiter.reserve(caller, 20));

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(50));
    assertThat(refused.getMessage()).contains("tokens per minute (TPM)");
    clock.advance(Duration.ofSeconds(40));
    assertThat(refusal(() -> limiter.reserve(caller, 20)).retryAfter()).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    limiter.reserve(caller, 20);
  }

  @Test
  void aKeyRefusedForItsOwnRpmTakesNothingFromItsTenantsWindowsNotEvenForAMoment() {
    limiter.reserve(caller("k1", "acme", rpm(1), Limits.NONE), 0); // the key's minute is full; no tenant window yet
    Caller caller = caller("k1", "acme", rpm(1), tpm(100));

    refusal(() -> limiter.reserve(caller, 90));

    // had the refused call taken its 90 tokens from the tenant's TPM and given them back, another key's call
    // checked in between would have been refused for a window that was never really full
    assertThat(limiter.windows()).as("only the key's RPM window: the tenant's was only looked at").isEqualTo(1);
  }

  @Test
  void aKeyRefusedForItsOwnRpmIsStillToldTheLongerWaitOfItsTenantsFullWindow() {
    Caller other = caller("k2", "acme", Limits.NONE, tpm(100));
    Caller caller = caller("k1", "acme", rpm(1), tpm(100));
    limiter.reserve(caller, 0);
    clock.advance(Duration.ofSeconds(30));
    limiter.reserve(other, 95);

    GatewayException refused = refusal(() -> limiter.reserve(caller, 10));

    assertThat(refused.getMessage()).contains("tenant 'acme'");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    limiter.reserve(other, 5); // the refused call held none of the tenant's room
  }

  @Test
  void aKeysShortWaitDoesNotHideItsTenantsLongerOne() {
    Caller first = caller("k1", "acme", Limits.NONE, tpm(100));
    Caller second = caller("k2", "acme", rpm(1), tpm(100));
    limiter.reserve(second, 0);
    clock.advance(Duration.ofSeconds(30));
    limiter.reserve(first, 90);
    clock.advance(Duration.ofSeconds(20));

    GatewayException refused = refusal(() -> limiter.reserve(second, 20));

    assertThat(refused.getMessage()).contains("tenant 'acme'");
    assertThat(refused.retryAfter()).as("the key's RPM frees in 10 s, the tenant's TPM in 40 s")
        .isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void aTenantLimitIsSharedByItsKeysAndNamedWhenItRefuses() {
    Caller first = caller("k1", "acme", Limits.NONE, tpm(100));
    Caller second = caller("k2", "acme", Limits.NONE, tpm(100));
    limiter.reserve(first, 70);

    GatewayException refused = refusal(() -> limiter.reserve(second, 40));

    assertThat(refused.getMessage()).contains("tenant 'acme'").contains("100 tokens per minute (TPM)");
    limiter.reserve(second, 30);
  }

  @Test
  void aRefusedReservationGivesBackWhatItHadAlreadyTaken() {
    Caller strict = caller("k1", "strict", tpm(100), rpm(1));
    Caller other = caller("k1", "other", tpm(100), Limits.NONE);
    limiter.reserve(strict, 10);

    assertThatThrownBy(() -> limiter.reserve(strict, 10)).hasMessageContaining("tenant 'strict'");

    limiter.reserve(other, 90);
    assertThatThrownBy(() -> limiter.reserve(other, 1)).hasMessageContaining("key 'k1'");
  }

  @Test
  void settlingGivesBackUnusedTokensAndTakesTheExcess() {
    Caller caller = caller("k1", "acme", tpm(100), Limits.NONE);
    limiter.settle(limiter.reserve(caller, 50), 20);
    limiter.settle(limiter.reserve(caller, 30), 60);

    limiter.reserve(caller, 20);
    assertThatThrownBy(() -> limiter.reserve(caller, 1)).isInstanceOf(GatewayException.class);
  }

  @Test
  void aReleasedReservationGivesBackItsRequestAndItsTokens() {
    Caller caller = caller("k1", "acme", new Limits(1, 100, null, null), Limits.NONE);
    RateLimiter.Reservation held = limiter.reserve(caller, 100);

    limiter.release(held);
    limiter.settle(held, 100);

    limiter.reserve(caller, 100);
  }

  @Test
  void aReservationLargerThanTheTokenLimitTakesTheWholeLimitInsteadOfWaitingForever() {
    Caller caller = caller("k1", "acme", tpm(100), Limits.NONE);

    limiter.reserve(caller, 5_000);

    assertThatThrownBy(() -> limiter.reserve(caller, 1)).isInstanceOf(GatewayException.class);
  }

  @Test
  void aChangedLimitAppliesToWhatTheLastMinuteAlreadyHolds() {
    limiter.reserve(caller("k1", "acme", rpm(1), Limits.NONE), 0);

    Caller raised = caller("k1", "acme", rpm(2), Limits.NONE);
    limiter.reserve(raised, 0);

    assertThatThrownBy(() -> limiter.reserve(raised, 0)).isInstanceOf(GatewayException.class);
    assertThat(limiter.windows()).isEqualTo(1);
  }

  @Test
  void aCallerWithoutLimitsCreatesNoWindows() {
    limiter.settle(limiter.reserve(caller("k1", "acme", Limits.NONE, Limits.NONE), 1_000), 10);
    limiter.reserve(Caller.ANONYMOUS, 1_000);

    assertThat(limiter.windows()).isZero();
  }

  @Test
  void windowsOfKeysIdleForAMinuteAreDroppedOnceThereAreManyAndAReturningKeyIsStillLimited() {
    for (int i = 0; i < RateLimiter.SWEEP_ABOVE + 100; i++) {
      limiter.reserve(caller("k" + i, "t" + i, rpm(1), Limits.NONE), 0);
    }
    assertThat(limiter.windows()).isGreaterThan(RateLimiter.SWEEP_ABOVE);
    Caller busy = caller("busy", "busy", rpm(1), Limits.NONE);
    limiter.reserve(busy, 0);

    clock.advance(Duration.ofSeconds(61));
    Caller returning = caller("k0", "t0", rpm(1), Limits.NONE);
    limiter.reserve(returning, 0);

    assertThat(limiter.windows()).as("the returning key's window only").isEqualTo(1);
    assertThatThrownBy(() -> limiter.reserve(returning, 0)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));
  }

  @Test
  void aWindowStillHoldingTheLastMinuteIsNotDropped() {
    for (int i = 0; i < RateLimiter.SWEEP_ABOVE + 100; i++) {
      limiter.reserve(caller("k" + i, "t" + i, rpm(1), Limits.NONE), 0);
    }
    clock.advance(Duration.ofSeconds(61));
    Caller recent = caller("recent", "recent", rpm(1), Limits.NONE);
    limiter.reserve(recent, 0);
    clock.advance(Duration.ofSeconds(30));
    limiter.reserve(caller("another", "another", rpm(1), Limits.NONE), 0);
    clock.advance(Duration.ofSeconds(31));

    // a sweep is due again: "recent" was admitted 61 s ago, so it goes; "another" 31 s ago, so it stays and still counts
    limiter.reserve(caller("k1", "t1", rpm(1), Limits.NONE), 0);

    assertThatThrownBy(() -> limiter.reserve(caller("another", "another", rpm(1), Limits.NONE), 0))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void moreTokensRefusedByTheKeyAreToldTheLongerWaitOfTheTenantWindowThatReplacedOneSweptMeanwhile() {
    Caller caller = caller("k1", "acme", tpm(100), tpm(1_000));
    RateLimiter.Reservation longCall = limiter.reserve(caller, 10);
    for (int i = 0; i < RateLimiter.SWEEP_ABOVE; i++) {
      limiter.reserve(caller("k" + i, "t" + i, rpm(1), Limits.NONE), 0);
    }
    clock.advance(Duration.ofSeconds(61));
    limiter.reserve(caller, 100); // sweeps the long call's windows, idle for a minute, and fills the key's new one
    clock.advance(Duration.ofSeconds(20));
    limiter.reserve(caller("k2", "acme", Limits.NONE, tpm(1_000)), 900); // fills the tenant's new one
    clock.advance(Duration.ofSeconds(10));

    GatewayException refused = refusal(() -> limiter.reserveMore(longCall, 200));

    assertThat(refused.getMessage()).contains("tenant 'acme'");
    assertThat(refused.retryAfter()).as("the key's TPM frees in 30 s, the tenant's in 50 s")
        .isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void aWallClockSteppedBackDoesNotForgetTheAdmissionsOfTheLastMinute() {
    Caller caller = caller("k1", "acme", rpm(2), Limits.NONE);
    limiter.reserve(caller, 0);
    limiter.reserve(caller, 0);

    clock.set("2025-11-10T11:59:30Z"); // the system clock is stepped back 30 s (NTP, an operator)

    assertThat(refusal(() -> limiter.reserve(caller, 0)).code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED);
  }
}
