package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryBudgetConfigTest {

  @Test
  void leftOutTheBudgetAllowsAFifthOfCallsAsRetriesPlusTenPerSecond() {
    assertThat(ConfigLoader.parse(MINIMAL, Map.of()).retryBudget())
        .isEqualTo(new RetryBudgetSettings(true, 0.2, 10));
  }

  @Test
  void theBudgetIsReadAndCanBeTurnedOff() {
    assertThat(ConfigLoader.parse("retry_budget: { ratio: 0.5, min_per_second: 2 }\n" + MINIMAL, Map.of())
        .retryBudget()).isEqualTo(new RetryBudgetSettings(true, 0.5, 2));
    assertThat(ConfigLoader.parse("retry_budget: { enabled: false }\n" + MINIMAL, Map.of()).retryBudget().enabled())
        .isFalse();
  }

  @Test
  void aNegativeRatioAndAnUnknownKeyAreRefusedWithTheirPaths() {
    assertThat(problemsOf("retry_budget: { ratio: -1, per_minute: 3 }\n" + MINIMAL)).containsExactlyInAnyOrder(
        "retry_budget.ratio: expected a number between 0 and 100, got '-1'",
        "retry_budget.per_minute: unknown key");
  }
}
