package dev.apprentice.eval.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuiteIdentityTest {

  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants: [ { name: a, model: m } ]
      metrics: [ { name: accuracy } ]
      budget_usd: 1.5
      """;

  @Test
  void aRunMayBeResumedWithAnotherBudgetOrOtherComments() {
    assertThat(SuiteIdentity.sameRun(SUITE, SUITE.replace("budget_usd: 1.5", "budget_usd: 20  # raised"))).isTrue();
    assertThat(SuiteIdentity.sameRun(SUITE, SUITE.replace("budget_usd: 1.5\n", ""))).isTrue();
    assertThat(SuiteIdentity.sameRun(SUITE + "\n# --budget-usd 0.5\n", SUITE)).isTrue();
  }

  @Test
  void aRunIsNotResumedWithAnotherMetricModelOrDatasetOverride() {
    assertThat(SuiteIdentity.sameRun(SUITE, SUITE.replace("accuracy", "macro_f1"))).isFalse();
    assertThat(SuiteIdentity.sameRun(SUITE, SUITE.replace("model: m", "model: n"))).isFalse();
    assertThat(SuiteIdentity.sameRun(SUITE + "\n# --dataset /a.csv\n", SUITE + "\n# --dataset /b.csv\n")).isFalse();
    assertThat(SuiteIdentity.sameRun(SUITE + "\n# --dataset /a.csv\n", SUITE)).isFalse();
  }
}
