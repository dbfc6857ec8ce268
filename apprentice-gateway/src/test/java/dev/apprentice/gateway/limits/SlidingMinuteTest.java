package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static dev.apprentice.gateway.limits.Callers.rpm;
import static dev.apprentice.gateway.limits.Callers.tpm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RPM and TPM limits hold in every 60 seconds, not on average: no burst on top of a refilling allowance. */
class SlidingMinuteTest {


  private final ManualClock clock = new ManualClock("2026-01-01T00:00:00Z");
  private final RateLimiter limiter = new RateLimiter(clock::nanoTime);

  /** Tries {@code tokens} every {@code stepMillis} for {@code millis}; the offsets (ms) of those admitted. */
  private List<Long> admittedWhileTrying(Caller caller, int tokens, long stepMillis, long millis) {
    List<Long> admitted = new ArrayList<>();
    for (long at = 0; at < millis; at += stepMillis) {
      if (at > 0) clock.advance(Duration.ofMillis(stepMillis));
      try {
        limiter.reserve(caller, tokens);
        admitted.add(at);
      } catch (GatewayException refused) {
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
      }
    }
    return admitted;
  }

  /** The most admissions that fall within any 60 seconds. */
  private static int busiestMinute(List<Long> admitted) {
    int most = 0;
    for (int first = 0; first < admitted.size(); first++) {
      int last = first;
      while (last + 1 < admitted.size() && admitted.get(last + 1) - admitted.get(first) < 60_000) last++;
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  @Test
  void noSixtySecondsEverAdmitMoreRequestsThanTheRpm() {
    List<Long> admitted = admittedWhileTrying(caller("k1", "acme", rpm(60), Limits.NONE), 0, 100, 180_000);

    assertThat(busiestMinute(admitted)).isEqualTo(60);
    assertThat(admitted.stream().filter(at -> at < 60_000)).hasSize(60);
    assertThat(admitted).as("three minutes of trying get three minutes' worth").hasSize(180);
  }

  @Test
  void noSixtySecondsEverAdmitMoreTokensThanTheTpm() {
    List<Long> admitted = admittedWhileTrying(caller("k1", "acme", Limits.NONE, tpm(1_000)), 70, 250, 180_000);

    assertThat(busiestMinute(admitted) * 70).isLessThanOrEqualTo(1_000);
    assertThat(admitted).as("fourteen calls of 70 tokens a minute").hasSize(3 * 14);
  }

  @Test
  void aRefusalSaysWhenTheOldestRequestOfTheMinuteLeavesIt() {
    Caller caller = caller("k1", "acme", rpm(2), Limits.NONE);
    limiter.reserve(caller, 0);
    clock.advance(Duration.ofSeconds(20));
    limiter.reserve(caller, 0);
    clock.advance(Duration.ofMillis(10_500));

    GatewayException refused = catchRefusal(() -> limiter.reserve(caller, 0));

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(refused.getMessage()).contains("2 requests per minute (RPM) in any 60 seconds");
    clock.advance(Duration.ofMillis(29_499));
    assertThatThrownBy(() -> limiter.reserve(caller, 0)).isInstanceOf(GatewayException.class);
    clock.advance(Duration.ofMillis(1));
    limiter.reserve(caller, 0);
  }

  @Test
  void tokensAUsedUpCallDidNotNeedGoBackToItsMinuteAndExtraOnesCountThere() {
    Caller caller = caller("k1", "acme", tpm(100), Limits.NONE);
    RateLimiter.Reservation first = limiter.reserve(caller, 80);
    clock.advance(Duration.ofSeconds(30));
    limiter.settle(first, 30);
    limiter.reserve(caller, 70);
    assertThatThrownBy(() -> limiter.reserve(caller, 1)).isInstanceOf(GatewayException.class);

    clock.advance(Duration.ofSeconds(30));
    RateLimiter.Reservation overrun = limiter.reserve(caller, 30);
    limiter.settle(overrun, 60);
    assertThatThrownBy(() -> limiter.reserve(caller, 1)).as("70 + 60 > 100").isInstanceOf(GatewayException.class);
  }

  @Test
  void morePromptTokensAreTakenFromTheSameTpmWindowsAndRefusedWhenTheyDoNotFit() {
    Caller caller = caller("k1", "acme", new Limits(10, 100, null, null), tpm(1_000));
    RateLimiter.Reservation call = limiter.reserve(caller, 50);

    RateLimiter.Reservation more = limiter.reserveMore(call, 30);
    assertThatThrownBy(() -> limiter.reserveMore(call, 21)).hasMessageContaining("key 'k1'");
    limiter.release(more);
    limiter.reserveMore(call, 50);

    assertThatThrownBy(() -> limiter.reserve(caller, 1)).hasMessageContaining("100 tokens per minute");
    assertThat(limiter.windows()).as("key RPM, key TPM, tenant TPM").isEqualTo(3);
  }

  private static GatewayException catchRefusal(Runnable call) {
    try {
      call.run();
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }
}
