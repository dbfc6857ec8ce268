package dev.apprentice.server.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceQueueBudgetTest {

  private static final long MB = 1_048_576L;

  @Test
  void theConfiguredBudgetIsUsedWhenTheHeapHasRoomForIt() {
    assertThat(Accounting.queueBytes(64, 1_024 * MB)).isEqualTo(64 * MB);
  }

  @Test
  void theBudgetNeverTakesMoreThanAQuarterOfTheHeap() {
    assertThat(Accounting.queueBytes(64, 128 * MB)).isEqualTo(32 * MB);
  }
}
