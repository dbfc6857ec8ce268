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
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

  private final ManualClock clock = new ManualClock("2025-11-10T12:00:00Z");
  private final BudgetLedger ledger = new BudgetLedger(clock);
  private final Caller dayBudget = caller("k1", "acme", perDay(1.00), Limits.NONE);

  private GatewayException refusal(Caller caller, double worstCase) {
    try {
      ledger.reserve(caller, worstCase);
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void reservationsInFlightCountAgainstTheBudgetUntilTheyAreSettledAtTheirActualCost() {
    BudgetLedger.Reservation first = ledger.reserve(dayBudget, 0.40);
    ledger.reserve(dayBudget, 0.40);
    assertThat(refusal(dayBudget, 0.40).code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);

    ledger.settle(first, 0.10);

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(0.10, within(1e-12));
    ledger.reserve(dayBudget, 0.40);
    assertThatThrownBy(() -> ledger.reserve(dayBudget, 0.20)).isInstanceOf(GatewayException.class);
  }

  @Test
  void aCallThatCostMoreThanItReservedIsChargedInFull() {
    ledger.settle(ledger.reserve(dayBudget, 0.10), 0.95);

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(0.95, within(1e-12));
    assertThat(ledger.spent(Scope.TENANT, "acme", Window.MONTH)).isCloseTo(0.95, within(1e-12));
    assertThat(refusal(dayBudget, 0.10).getMessage()).contains("daily budget of key 'k1' is $1.00")
        .contains("$0.95 is spent").contains("up to $0.10");
  }

  @Test
  void amountsUnderACentAreStatedToThreeSignificantDigitsSoTheRefusalAddsUp() {
    ledger.settle(ledger.reserve(tinyBudget(), 0.0002), 0.000213);

    assertThat(refusal(tinyBudget(), 0.001).getMessage()).contains("is $0.0012").contains("$0.000213 is spent")
        .contains("up to $0.001");
  }

  private static Caller tinyBudget() {
    return caller("k1", "acme", perDay(0.0012), Limits.NONE);
  }

  @Test
  void aDayBudgetRefusalSaysToRetryAtTheNextUtcMidnight() {
    clock.set("2025-11-10T23:59:30Z");
    ledger.settle(ledger.reserve(dayBudget, 1.00), 1.00);

    assertThat(refusal(dayBudget, 0.01).retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aCallRefusedOnlyForWhatCallsInProgressReservedIsToldToRetryInASecondNotTomorrow() {
    clock.set("2025-11-10T08:00:00Z");
    ledger.settle(ledger.reserve(dayBudget, 0.30), 0.30);
    BudgetLedger.Reservation inProgress = ledger.reserve(dayBudget, 0.60);

    GatewayException refused = refusal(dayBudget, 0.50);

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(refused.getMessage()).contains("$0.60 more reserved by calls in progress")
        .contains("fits once calls in progress end");
    ledger.settle(inProgress, 0.05);
    ledger.settle(ledger.reserve(dayBudget, 0.50), 0.60);
    assertThat(refusal(dayBudget, 0.10).retryAfter()).as("$0.95 spent: nothing in progress can free room today")
        .isEqualTo(Duration.ofHours(16));
  }

  @Test
  void aCallRefusedTheMoreItsPromptGrewByIsToldToWaitForTheDayWhenTheWholeCallCannotFitToday() {
    clock.set("2025-11-10T08:00:00Z");
    ledger.settle(ledger.reserve(dayBudget, 0.50), 0.50);
    BudgetLedger.Reservation call = ledger.reserve(dayBudget, 0.30);

    // retrieved context adds $0.30: the whole call, $0.60, does not fit beside the $0.50 spent until tomorrow
    GatewayException refused = refusalOf(() -> ledger.reserveMore(call, 0.30, 0.60));

    assertThat(refused.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(16));
    assertThat(refused.getMessage()).contains("$0.50 is spent;").contains("up to $0.60");
  }

  @Test
  void aCallRefusedTheMoreItsPromptGrewByOnlyForOtherCallsInProgressIsToldToRetryInASecond() {
    clock.set("2025-11-10T08:00:00Z");
    ledger.settle(ledger.reserve(dayBudget, 0.20), 0.20);
    BudgetLedger.Reservation other = ledger.reserve(dayBudget, 0.40);
    BudgetLedger.Reservation call = ledger.reserve(dayBudget, 0.30);

    GatewayException refused = refusalOf(() -> ledger.reserveMore(call, 0.30, 0.60));

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(refused.getMessage()).contains("$0.40 more reserved by calls in progress");
    ledger.settle(other, 0);
    ledger.settle(call, 0);
    ledger.reserveMore(ledger.reserve(dayBudget, 0.30), 0.30, 0.60);
  }

  private static GatewayException refusalOf(Runnable call) {
    try {
      call.run();
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void aWindowBlockedOnlyByCallsInProgressDoesNotHideAnotherWhoseBudgetIsSpent() {
    clock.set("2025-11-10T08:00:00Z");
    Caller k1 = caller("k1", "acme", perDay(0.05), perMonth(5.00));
    ledger.settle(ledger.reserve(caller("k2", "acme", Limits.NONE, perMonth(5.00)), 4.97), 4.97);
    ledger.reserve(k1, 0.03); // in progress: alone it would only delay k1's next call until it settles

    GatewayException refused = refusal(k1, 0.04);

    assertThat(refused.retryAfter()).as("the tenant's month is spent: not before December")
        .isGreaterThan(Duration.ofDays(19));
    assertThat(refused.getMessage()).contains("monthly budget of tenant 'acme'");
  }

  @Test
  void aMonthBudgetRefusalSaysToRetryAtTheStartOfTheNextUtcMonth() {
    Caller monthBudget = caller("k1", "acme", perMonth(5.00), Limits.NONE);
    clock.set("2025-11-30T23:00:00Z");
    ledger.settle(ledger.reserve(monthBudget, 4.99), 4.99);

    GatewayException refused = refusal(monthBudget, 0.02);

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(refused.getMessage()).contains("monthly budget of key 'k1' is $5.00").contains("$4.99 is spent");
  }

  @Test
  void aNewDayStartsWithNothingSpentTodayButTheMonthRemembers() {
    Caller both = caller("k1", "acme", new Limits(null, null, 1.00, 1.50), Limits.NONE);
    ledger.settle(ledger.reserve(both, 0.90), 0.90);
    assertThatThrownBy(() -> ledger.reserve(both, 0.20)).hasMessageContaining("daily");

    clock.advance(Duration.ofDays(1));

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isZero();
    ledger.settle(ledger.reserve(both, 0.50), 0.50);
    assertThat(refusal(both, 0.20).getMessage()).contains("monthly");
  }

  @Test
  void aTenantBudgetIsSharedByTheTenantsKeys() {
    Caller alice = caller("alice", "acme", Limits.NONE, perDay(1.00));
    Caller bob = caller("bob", "acme", Limits.NONE, perDay(1.00));
    Caller elsewhere = caller("carol", "globex", Limits.NONE, perDay(1.00));
    ledger.settle(ledger.reserve(alice, 0.70), 0.70);

    assertThat(refusal(bob, 0.50).getMessage()).contains("tenant 'acme'");
    ledger.reserve(bob, 0.30);
    ledger.reserve(elsewhere, 0.90);
  }

  @Test
  void loadedSpendOfThisDayAndMonthCountsAndOlderSpendDoesNot() {
    ledger.load(List.of(
        new Spend(LocalDate.of(2025, 11, 10), "acme", "k1", 0.60),
        new Spend(LocalDate.of(2025, 11, 3), "acme", "k1", 2.00),
        new Spend(LocalDate.of(2025, 11, 3), "acme", null, 1.00),
        new Spend(LocalDate.of(2025, 10, 31), "acme", "k1", 50.00)));

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(0.60, within(1e-12));
    assertThat(ledger.spent(Scope.KEY, "k1", Window.MONTH)).isCloseTo(2.60, within(1e-12));
    assertThat(ledger.spent(Scope.TENANT, "acme", Window.MONTH)).isCloseTo(3.60, within(1e-12));
    ledger.reserve(dayBudget, 0.40);
    assertThatThrownBy(() -> ledger.reserve(dayBudget, 0.01)).isInstanceOf(GatewayException.class);
  }

  @Test
  void aCallWhoseWorstCaseAloneIsMoreThanAWholeBudgetIsABadRequestWithoutRetryAfter() {
    Caller both = caller("k1", "acme", new Limits(null, null, 1.00, 20.00), Limits.NONE);

    GatewayException refused = refusal(both, 1.50);

    assertThat(refused.code()).isEqualTo(ErrorCode.REQUEST_OVER_BUDGET);
    assertThat(refused.code().status()).isEqualTo(400);
    assertThat(refused.retryAfter()).isNull();
    assertThat(refused.getMessage()).contains("up to $1.50").contains("whole daily budget of key 'k1' ($1.00)")
        .contains("max_tokens");
    ledger.settle(ledger.reserve(both, 1.00), 1.00);
  }

  @Test
  void theSmallestOfTheCallersBudgetsDecidesWhetherACallCouldEverFit() {
    Caller caller = caller("k1", "acme", perDay(1.00), perMonth(0.50));
    ledger.settle(ledger.reserve(caller, 0.40), 0.40);

    assertThat(refusal(caller, 0.60).code()).as("more than the tenant's whole month")
        .isEqualTo(ErrorCode.REQUEST_OVER_BUDGET);
    assertThat(refusal(caller, 0.20).code()).as("fits another month").isEqualTo(ErrorCode.BUDGET_EXCEEDED);
  }

  @Test
  void aZeroBudgetRefusesEveryPricedCallForGoodButLetsFreeOnesThrough() {
    Caller frozen = caller("k1", "acme", perDay(0.0), Limits.NONE);

    assertThat(refusal(frozen, 0.0001).code()).isEqualTo(ErrorCode.REQUEST_OVER_BUDGET);
    ledger.settle(ledger.reserve(frozen, 0.0), 0.0);
  }

  @Test
  void aCallerWithoutBudgetsIsNeverRefused() {
    Caller free = caller("k2", "acme", Limits.NONE, Limits.NONE);

    ledger.settle(ledger.reserve(free, 1_000), 1_000);

    ledger.reserve(free, 1_000_000);
  }
}
