package dev.apprentice.eval.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalSuiteParserTest {

  private static final String FULL = """
      name: intents
      dataset:
        path: data/test.csv
        columns: { input: text, label: category }
        limit: 30
      variants:
        - name: small
          model: gpt-4o-mini
          system: "Classify the message."
          prompt: "Message: {{input}}"
          parameters: { temperature: 0, max_tokens: 10 }
        - name: large
          model: gpt-4o
          messages:
            - { role: system, content: "Classify." }
            - { role: user, content: "{{input}}" }
      metrics:
        - { name: accuracy, threshold: 1, weight: 2, min_pass_rate: 0.8 }
        - { name: macro_f1 }
        - { name: translation, metric: ter }
        - { name: judge, metric: llm_judge, settings: { model: gpt-4o, samples: 3 }, weight: 0 }
      concurrency: 8
      budget_usd: 2.5
      baseline: large
      seed: 7
      """;

  @Test
  void aFullSuiteIsReadWithItsDefaultsFilledIn() {
    Suite suite = SuiteParser.parse(FULL);

    assertThat(suite.name()).isEqualTo("intents");
    assertThat(suite.dataset().effectiveFormat()).isEqualTo("csv");
    assertThat(suite.dataset().columns().label()).isEqualTo("category");
    assertThat(suite.dataset().limit()).isEqualTo(30);
    assertThat(suite.variants()).extracting(VariantSpec::name).containsExactly("small", "large");
    assertThat(suite.variant("small").messages()).extracting(VariantSpec.MessageTemplate::role)
        .containsExactly("system", "user");
    assertThat(suite.variant("small").parameters()).containsEntry("max_tokens", 10);
    assertThat(suite.metrics().getFirst().weight()).isEqualTo(2);
    assertThat(suite.metrics().get(1).metric()).isEqualTo("macro_f1");
    assertThat(suite.metrics().get(2).higherIsBetter()).isFalse();
    assertThat(suite.metrics().get(2).scale()).isEqualTo(100);
    assertThat(suite.metrics().get(3).settings()).isEqualTo(Map.of("model", "gpt-4o", "samples", 3));
    assertThat(suite.concurrency()).isEqualTo(8);
    assertThat(suite.budgetUsd()).isEqualTo(2.5);
    assertThat(suite.baseline()).isEqualTo("large");
    assertThat(suite.seed()).isEqualTo(7);
    assertThat(suite.resamples()).isEqualTo(2000);
  }

  @Test
  void theFirstVariantIsTheBaselineAndThePromptIsTheInputWhenTheFileSaysNothing() {
    Suite suite = SuiteParser.parse("""
        dataset: { path: items.jsonl }
        variants: [ { name: a, model: m1 }, { name: b, model: m2 } ]
        metrics: [ { name: exact_match } ]
        """);

    assertThat(suite.baseline()).isEqualTo("a");
    assertThat(suite.variant("b").messages()).singleElement()
        .isEqualTo(new VariantSpec.MessageTemplate("user", "{{input}}"));
    assertThat(suite.dataset().effectiveFormat()).isEqualTo("jsonl");
    assertThat(suite.budgetUsd()).isNull();
  }

  @Test
  void variantsTakeTheSuiteDefaultsAndOverrideThemWithTheirOwn() {
    Suite suite = SuiteParser.parse("""
        dataset: { path: items.jsonl }
        defaults:
          system: "Be brief."
          prompt: "Q: {{input}}"
          parameters: { temperature: 0, max_tokens: 10 }
        variants:
          - { name: a, model: m1 }
          - { name: b, model: m2, prompt: "{{input}}", parameters: { max_tokens: 50 } }
        metrics: [ { name: exact_match } ]
        """);

    assertThat(suite.variant("a").messages()).containsExactly(new VariantSpec.MessageTemplate("system", "Be brief."),
        new VariantSpec.MessageTemplate("user", "Q: {{input}}"));
    assertThat(suite.variant("b").messages()).containsExactly(new VariantSpec.MessageTemplate("user", "{{input}}"));
    assertThat(suite.variant("b").parameters()).isEqualTo(Map.of("temperature", 0, "max_tokens", 50));
  }

  @Test
  void everyProblemIsReportedWithItsPath() {
    assertThatThrownBy(() -> SuiteParser.parse("""
        dataset: { path: x.csv, colums: {} }
        variants:
          - { name: a }
          - { name: a, model: m, temprature: 1 }
        metrics: [ { name: accuracy, weight: -1 } ]
        baseline: z
        concurrency: 0
        """)).isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.problems()).contains(
            "variants[0].model: required",
            "variants: the name 'a' is used twice",
            "metrics[0].weight: must not be negative",
            "baseline: no variant is named 'z'")
        .anySatisfy(p -> assertThat(p).startsWith("dataset.colums: unknown key"))
        .anySatisfy(p -> assertThat(p).startsWith("variants[1].temprature: unknown key"))
        .anySatisfy(p -> assertThat(p).startsWith("concurrency: must be a whole number of at least 1")));
  }

  @Test
  void aVariantNameThatCouldNotTagItsCallsTracesIsRefused() {
    String tooLong = "v".repeat(129);
    assertThatThrownBy(() -> SuiteParser.parse("""
        dataset: { path: x.csv }
        variants:
          - { name: "small, tuned", model: m }
          - { name: %s, model: m }
          - { name: "a\\tb", model: m }
          - { name: " padded", model: m }
          - { name: "%s", model: m }
        metrics: [ { name: exact_match } ]
        """.formatted(tooLong, "v".repeat(128)))).isInstanceOfSatisfying(SuiteException.class,
            e -> assertThat(e.problems()).hasSize(4).anySatisfy(p -> assertThat(p).startsWith(
                "variants[0].name: must not hold a comma"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[1].name: at most 128 characters"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[2].name: must not hold a control"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[3].name: must not start or end with blanks")));
  }

  @Test
  void aVariantNameTheGatewayKeepsAsItsTagUnchangedIsAcceptedThoughItStartsWithAWideSpace() {
    // the gateway trims a tag of spaces and tabs only, so an em space stays part of the tag the name becomes
    Suite suite = SuiteParser.parse("""
        dataset: { path: x.csv }
        variants: [ { name: "\u2003indented", model: m } ]
        metrics: [ { name: exact_match } ]
        """);

    assertThat(suite.variants().getFirst().name()).isEqualTo("\u2003indented");
  }

  @Test
  void aBudgetThatIsNotANumberOfDollarsIsRefusedRatherThanSwitchingTheCapOff() {
    for (String budget : new String[] {"-1", "1e999"}) {
      assertThatThrownBy(() -> SuiteParser.parse("""
          dataset: { path: x.csv }
          variants: [ { name: a, model: m } ]
          metrics: [ exact_match ]
          budget_usd: %s
          """.formatted(budget))).as(budget).isInstanceOfSatisfying(SuiteException.class,
              e -> assertThat(e.problems()).contains("budget_usd: must be a number of dollars, 0 or more"));
    }
  }

  @Test
  void aMetricsWeightThresholdOrScaleThatIsNotAFiniteNumberIsRefusedRatherThanSwitchingAGateCheckOff() {
    // scale: 1e999 reads as infinity, and a drop divided by it is 0: the gate's drop check would never fail
    assertThatThrownBy(() -> SuiteParser.parse("""
        dataset: { path: x.csv }
        variants: [ { name: a, model: m } ]
        metrics:
          - { name: accuracy, scale: 1e999 }
          - { name: bleu, threshold: -1e999, min_pass_rate: 0.9 }
          - { name: chrf, weight: 1e999 }
        """)).isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.problems()).containsExactly(
            "metrics[0].scale: must be a finite number above 0, not Infinity",
            "metrics[1].threshold: must be a finite number, not -Infinity",
            "metrics[2].weight: must be a finite number, 0 or more, not Infinity"));
  }

  @Test
  void yamlThatDoesNotParseIsOneLineWithItsPlaceAndTheProblem() {
    assertThatThrownBy(() -> SuiteParser.parse("name: t\nvariants: [\n"))
        .isInstanceOf(SuiteException.class)
        .hasMessage("not valid YAML at line 2, column 12: expected the node content, but found '<stream end>'");
    assertThatThrownBy(() -> SuiteParser.parse("name: a: b\n"))
        .hasMessage("not valid YAML at line 1, column 8: mapping values are not allowed here");
  }

  @Test
  void aSecondYamlDocumentIsRefusedRatherThanIgnored() {
    assertThatThrownBy(() -> SuiteParser.parse("""
        dataset: { path: x.csv }
        variants: [ { name: a, model: m } ]
        metrics: [ { name: accuracy } ]
        ---
        concurrency: 2
        """)).isInstanceOf(SuiteException.class)
        .hasMessage("not valid YAML at line 5: a suite is one YAML document; remove the `---` and merge what follows it"
            + " into the first");
  }

  @Test
  void aKeyGivenTwiceIsRefusedWithItsNameAndLineInsteadOfTheLastOneWinning() {
    assertThatThrownBy(() -> SuiteParser.parse("""
        dataset: { path: x.csv }
        variants: [ { name: a, model: m } ]
        metrics: [ { name: accuracy } ]
        concurrency: 8
        concurrency: 2
        """)).isInstanceOf(SuiteException.class)
        .hasMessage("not valid YAML at line 5, column 12: duplicate key 'concurrency'");
    assertThatThrownBy(() -> SuiteParser.parse("""
        dataset: { path: x.csv }
        variants:
          - name: a
            model: m
            model: n
        metrics: [ { name: accuracy } ]
        """)).hasMessageStartingWith("not valid YAML at line 5").hasMessageEndingWith(": duplicate key 'model'");
  }

  @Test
  void aDatasetIsAFileOrAStoredDatasetNotBothAndAStoredOneTakesNoFileSettings() {
    String suite = """
        dataset: %s
        variants: [ { name: a, model: m } ]
        metrics: [ { name: accuracy } ]
        """;
    assertThatThrownBy(() -> SuiteParser.parse(suite.formatted("{ name: intents, path: b30.csv }")))
        .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.problems())
            .containsExactly("dataset: give path (a file) or name (a stored dataset), not both"));
    assertThatThrownBy(() -> SuiteParser.parse(suite.formatted("{ name: intents, format: csv, columns: { input: q } }")))
        .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.problems()).containsExactly(
            "dataset.format: only for a file (path), not a stored dataset (name)",
            "dataset.columns: only for a file (path), not a stored dataset (name)"));
    assertThat(SuiteParser.parse(suite.formatted("{ name: intents@2, sample: 5 }")).dataset().name())
        .isEqualTo("intents@2");
  }

  @Test
  void aSuiteWithoutADatasetOrMetricsIsRefused() {
    assertThatThrownBy(() -> SuiteParser.parse("variants: [ { name: a, model: m } ]"))
        .hasMessageContaining("dataset: required").hasMessageContaining("metrics: required");
  }
}
