package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static dev.apprentice.gateway.limits.Callers.perDay;
import static dev.apprentice.gateway.limits.Callers.perMonth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.testing.ManualClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A call belongs to the UTC day and month it started in, however late it ends. */
class BudgetWindowsAtMidnightTest {

  private final ManualClock clock = new ManualClock("2026-01-31T23:59:30Z");
  private final BudgetLedger ledger = new BudgetLedger(clock);

  private List<BudgetLedger.Reservation> reserveAll(Caller caller, int calls, double each) {
    List<BudgetLedger.Reservation> held = new ArrayList<>();
    for (int i = 0; i < calls; i++) held.add(ledger.reserve(caller, each));
    return held;
  }

  private int admitted(Caller caller, int tries, double each, List<BudgetLedger.Reservation> into) {
    int admitted = 0;
    for (int i = 0; i < tries; i++) {
      try {
        into.add(ledger.reserve(caller, each));
        admitted++;
      } catch (GatewayException refused) {
        assertThat(refused.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
      }
    }
    return admitted;
  }

  @Test
  void callsStillRunningAtMidnightAreChargedToTheDayTheyStartedAndTheNewDayStartsEmpty() {
    Caller caller = caller("k1", "acme", perDay(1.00), Limits.NONE);
    List<BudgetLedger.Reservation> lastNight = reserveAll(caller, 10, 0.10);

    clock.set("2026-02-01T00:00:01Z");
    List<BudgetLedger.Reservation> today = new ArrayList<>();
    assertThat(admitted(caller, 20, 0.10, today)).isEqualTo(10);
    lastNight.forEach(r -> ledger.settle(r, 0.10));
    today.forEach(r -> ledger.settle(r, 0.10));

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(1.00, within(1e-9));
    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY, LocalDate.parse("2026-01-31"))).isCloseTo(1.00, within(1e-9));
    assertThatThrownBy(() -> ledger.reserve(caller, 0.0001)).hasMessageContaining("$1.00 is spent");
  }

  @Test
  void aCallThatStartedBeforeMidnightIsJudgedAgainstThatDaysBudgetWhenItReservesAfterIt() {
    Caller caller = caller("k1", "acme", perDay(1.00), Limits.NONE);
    ledger.settle(ledger.reserve(caller, 0.95), 0.95);

    clock.set("2026-02-01T00:00:00.002Z");
    Instant startedLastNight = Instant.parse("2026-01-31T23:59:59.999Z");

    assertThatThrownBy(() -> ledger.reserve(caller, 0.10, startedLastNight))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).contains("daily budget").contains("$0.95 is spent"));
    ledger.settle(ledger.reserve(caller, 0.05, startedLastNight), 0.05);
    ledger.settle(ledger.reserve(caller, 0.10), 0.10);
    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY, LocalDate.parse("2026-01-31"))).isCloseTo(1.00, within(1e-9));
    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(0.10, within(1e-9));
  }

  @Test
  void callsStillRunningWhenAMonthEndsAreChargedToThatMonthAndTheNewMonthStartsEmpty() {
    Caller caller = caller("k1", "acme", Limits.NONE, perMonth(5.00));
    List<BudgetLedger.Reservation> january = reserveAll(caller, 4, 1.00);
    ledger.settle(ledger.reserve(caller, 1.00), 1.00);

    clock.set("2026-02-01T00:00:01Z");
    List<BudgetLedger.Reservation> february = new ArrayList<>();
    assertThat(admitted(caller, 8, 1.00, february)).isEqualTo(5);
    january.forEach(r -> ledger.settle(r, 0.50));
    february.forEach(r -> ledger.settle(r, 0.50));

    assertThat(ledger.spent(Scope.TENANT, "acme", Window.MONTH)).isCloseTo(2.50, within(1e-9));
    assertThat(ledger.spent(Scope.TENANT, "acme", Window.MONTH, LocalDate.parse("2026-01-15")))
        .isCloseTo(3.00, within(1e-9));
    assertThat(admitted(caller, 3, 1.00, february)).isEqualTo(2);
  }

  @Test
  void aCallThatEndsAfterMidnightLeavesTheMonthItStartedInCorrect() {
    clock.set("2026-01-20T23:59:00Z");
    Caller caller = caller("k1", "acme", Limits.NONE, perMonth(1.00));
    BudgetLedger.Reservation running = ledger.reserve(caller, 0.60);

    clock.set("2026-01-21T00:01:00Z");
    assertThatThrownBy(() -> ledger.reserve(caller, 0.50)).hasMessageContaining("monthly")
        .hasMessageContaining("$0.60 more reserved");
    ledger.settle(running, 0.20);

    assertThat(ledger.spent(Scope.TENANT, "acme", Window.MONTH)).isCloseTo(0.20, within(1e-9));
    assertThat(ledger.spent(Scope.TENANT, "acme", Window.DAY, LocalDate.parse("2026-01-20"))).isCloseTo(0.20, within(1e-9));
    assertThat(ledger.spent(Scope.TENANT, "acme", Window.DAY)).isZero();
    ledger.reserve(caller, 0.80);
  }

  @Test
  void windowsOlderThanThePreviousOneAreForgotten() {
    Caller caller = caller("k1", "acme", perDay(1.00), Limits.NONE);
    BudgetLedger.Reservation settledLate = ledger.reserve(caller, 0.10);

    clock.set("2026-02-02T08:00:00Z");
    ledger.settle(settledLate, 0.10);

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY, LocalDate.parse("2026-01-31"))).isZero();
    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isZero();
  }

  @Test
  void spendLoadedAtStartGoesToTheDayAndMonthItWasSpentIn() {
    clock.set("2026-02-01T00:00:00.500Z");
    Caller caller = caller("k1", "acme", perDay(1.00), Limits.NONE);
    ledger.load(List.of(
        new Spend(LocalDate.parse("2026-01-31"), "acme", "k1", 0.90),
        new Spend(LocalDate.parse("2026-02-01"), "acme", "k1", 0.30)));

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(0.30, within(1e-9));
    assertThat(ledger.spent(Scope.KEY, "k1", Window.MONTH)).isCloseTo(0.30, within(1e-9));
    assertThatThrownBy(() -> ledger.reserve(caller, 0.20, Instant.parse("2026-01-31T23:59:59.900Z")))
        .hasMessageContaining("$0.90 is spent");
  }
}
