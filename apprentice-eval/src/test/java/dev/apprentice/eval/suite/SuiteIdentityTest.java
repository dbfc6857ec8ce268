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

  @Test
  void aRunMayBeResumedWithTheSuitesKeysInAnotherOrder() {
    String reordered = """
        metrics: [ { name: accuracy } ]
        budget_usd: 1.5
        variants: [ { model: m, name: a } ]
        dataset: { path: items.csv }
        name: intents
        """;

    assertThat(SuiteIdentity.sameRun(SUITE, reordered)).isTrue();
    assertThat(SuiteIdentity.sameRun(reordered, SUITE)).isTrue();
  }

  @Test
  void aRunStoredWithItsSuiteTextAsWrittenStillResumesWithThatTextUnchanged() {
    // a run keeps its suite text, not a digest of it: a run started before key order was left out is compared by
    // reading its text again, and resumes with the same text as before
    String stored = SUITE + "\n# --dataset /a.csv\n";

    assertThat(SuiteIdentity.sameRun(stored, stored)).isTrue();
    assertThat(SuiteIdentity.sameRun(stored, "# edited\n" + stored.replace("name: intents\n", "") + "name: intents\n"))
        .isTrue();
  }

  @Test
  void theOrderOfKeysInsideParametersAndSettingsStillCountsForTheyAreSentAsWritten() {
    String schema = SUITE.replace("{ name: a, model: m }",
        "{ name: a, model: m, parameters: { response_format: { properties: { x: 1, y: 2 } } } }");

    assertThat(SuiteIdentity.sameRun(schema, schema.replace("x: 1, y: 2", "y: 2, x: 1"))).isFalse();
    assertThat(SuiteIdentity.sameRun(SUITE.replace("{ name: accuracy }", "{ name: j, settings: { a: 1, b: 2 } }"),
        SUITE.replace("{ name: accuracy }", "{ settings: { b: 2, a: 1 }, name: j }"))).isFalse();
  }
}
