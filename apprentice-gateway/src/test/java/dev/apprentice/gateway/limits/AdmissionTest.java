package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What admitting a call takes from its limits, and what a refused one leaves for the calls of other keys. */
class AdmissionTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  /**
   * A clock the budgets read while a call is being admitted: the first time it is read once {@link #meanwhile} is set,
   * it admits that other call first, as a call of another thread would be in that moment.
   */
  private static final class InterleavingClock extends Clock {
    private Runnable meanwhile;

    @Override
    public Instant instant() {
      Runnable other = meanwhile;
      meanwhile = null;
      if (other != null) other.run();
      return NOW;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final InterleavingClock clock = new InterleavingClock();
  private final Admission admission = new Admission(new RateLimiter(), new BudgetLedger(clock));

  @Test
  void aCallRefusedForItsKeysCallsInFlightNeverMakesACallOfAnotherKeyOfItsTenantBeRefused() {
    Limits tenant = new Limits(2, 1_000, 1.00, null, null);
    Caller busy = caller("busy", "acme", new Limits(null, null, null, null, 1), tenant);
    Caller other = caller("other", "acme", Limits.NONE, tenant);
    admission.reserve(busy, 500, 0.50, NOW); // the busy key's one place, and half of each of the tenant's limits
    List<Object> otherCall = new ArrayList<>();
    clock.meanwhile = () -> otherCall.add(admitted(other, 500, 0.50));

    assertThatThrownBy(() -> admission.reserve(busy, 500, 0.50, NOW)).hasMessageContaining("max_concurrent");

    if (otherCall.isEmpty()) otherCall.add(admitted(other, 500, 0.50)); // the refusal never looked at the budgets
    assertThat(otherCall).as("the other key's call, admitted while the busy key's was refused")
        .containsExactly("admitted");
  }

  @Test
  void aCallRefusedForItsCallsInFlightIsToldOfASpentBudgetThatWaitsUntilTomorrow() {
    Caller caller = caller("k1", "acme", new Limits(null, null, 1.00, null, 1), Limits.NONE);
    Admission.Held running = admission.reserve(caller, 0, 0.60, NOW);
    admission.ledger().settle(running.budget(), 1.00);

    assertThatThrownBy(() -> admission.reserve(caller, 0, 0.10, NOW)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.getMessage()).contains("budget"));
  }

  @Test
  void aCallWhoseLastPlaceAnotherTookWhileItWasAdmittedGivesBackTheRequestAndBudgetItHadTaken() {
    Limits tenant = new Limits(2, null, 1.00, null, null);
    Caller racing = caller("racing", "acme", new Limits(null, null, null, null, 1), tenant);
    Caller other = caller("other", "acme", Limits.NONE, tenant);
    List<Object> first = new ArrayList<>();
    clock.meanwhile = () -> first.add(admitted(racing, 0, 0.50)); // the key's one place, seen free, taken meanwhile

    assertThatThrownBy(() -> admission.reserve(racing, 0, 0.50, NOW)).hasMessageContaining("max_concurrent");

    assertThat(first).containsExactly("admitted");
    assertThat(admitted(other, 0, 0.50)).as("the tenant's second request and the other half of its budget")
        .isEqualTo("admitted");
  }

  private Object admitted(Caller caller, int tokens, double worstCaseUsd) {
    try {
      admission.reserve(caller, tokens, worstCaseUsd, NOW);
      return "admitted";
    } catch (GatewayException refused) {
      return refused.getMessage();
    }
  }
}
