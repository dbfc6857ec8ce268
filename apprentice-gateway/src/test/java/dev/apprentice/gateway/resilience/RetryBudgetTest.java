package dev.apprentice.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * SECOND);

  @Test
  void aQuietTargetGetsTheFloorOfRetriesPerWindowAndThenNone() {
    RetryBudget budget = new RetryBudget(0, 0.2, now::get); // two retries per ten seconds

    assertThat(budget.tryRetry("t")).isTrue();
    assertThat(budget.tryRetry("t")).isTrue();
    assertThat(budget.tryRetry("t")).isFalse();
    assertThat(budget.refused()).isEqualTo(1);
  }

  @Test
  void retriesGrowWithTheCallsMadeAtTheRatio() {
    RetryBudget budget = new RetryBudget(0.5, 0, now::get);
    for (int i = 0; i < 10; i++) budget.called("t");

    int allowed = 0;
    while (budget.tryRetry("t")) allowed++;

    assertThat(allowed).isEqualTo(5);
  }

  @Test
  void spentRetriesComeBackOnceTheyLeaveTheTenSecondWindow() {
    RetryBudget budget = new RetryBudget(0, 0.1, now::get); // one retry per ten seconds
    assertThat(budget.tryRetry("t")).isTrue();
    now.addAndGet(9 * SECOND);
    assertThat(budget.tryRetry("t")).as("still inside the window").isFalse();

    now.addAndGet(SECOND);

    assertThat(budget.tryRetry("t")).isTrue();
  }

  @Test
  void eachTargetHasItsOwnBudget() {
    RetryBudget budget = new RetryBudget(0, 0.1, now::get);
    assertThat(budget.tryRetry("a")).isTrue();

    assertThat(budget.tryRetry("b")).isTrue();
    assertThat(budget.tryRetry("a")).isFalse();
  }

  @Test
  void theUnlimitedBudgetNeverRefuses() {
    for (int i = 0; i < 10_000; i++) assertThat(RetryBudget.UNLIMITED.tryRetry("t")).isTrue();
    assertThat(RetryBudget.UNLIMITED.refused()).isZero();
  }
}
