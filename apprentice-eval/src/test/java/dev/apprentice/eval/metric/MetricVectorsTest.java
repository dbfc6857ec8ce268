package dev.apprentice.eval.metric;

import static dev.apprentice.eval.metric.MetricVectors.lists;
import static dev.apprentice.eval.metric.MetricVectors.settings;
import static dev.apprentice.eval.metric.MetricVectors.strings;
import static dev.apprentice.eval.metric.MetricVectors.tolerance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.eval.metric.bleu.Bleu;
import dev.apprentice.eval.metric.bleu.BleuFormula;
import dev.apprentice.eval.metric.bleu.BleuStatistics;
import dev.apprentice.eval.metric.bleu.SmoothMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of the shared metric vectors (expected values from the unit tests of sacreBLEU, rouge-score and T5)
 * reproduced within the row's tolerance (1e-4 when it has none), one dynamic test per row.
 */
class MetricVectorsTest {

  private static final MetricRegistry REGISTRY = MetricRegistry.standard();

  @TestFactory
  Stream<DynamicTest> sacreBleuBleuRows() {
    return rows("bleu.jsonl", MetricVectorsTest::checkBleu);
  }

  @TestFactory
  Stream<DynamicTest> sacreBleuChrfRows() {
    return rows("chrf.jsonl", row -> checkSacreBleu("chrf", row));
  }

  @TestFactory
  Stream<DynamicTest> sacreBleuTerRows() {
    return rows("ter.jsonl", row -> checkSacreBleu("ter", row));
  }

  @TestFactory
  Stream<DynamicTest> rougeScoreRows() {
    return rows("rouge.jsonl", MetricVectorsTest::checkRouge);
  }

  @TestFactory
  Stream<DynamicTest> t5SquadRows() {
    return rows("qa_em_f1.jsonl", MetricVectorsTest::checkSquad);
  }

  private interface RowCheck {
    void check(JsonNode row);
  }

  private static Stream<DynamicTest> rows(String file, RowCheck check) {
    Path folder = MetricVectors.folder();
    Assumptions.assumeTrue(folder != null,
        "metric vectors not found at ../shared/data/metric-vectors or /work/shared/data/metric-vectors; skipping");
    List<JsonNode> rows = MetricVectors.rows(folder.resolve(file));
    assertThat(rows).as(file).isNotEmpty();
    return rows.stream().map(row -> {
      String id = row.get("id").asText();
      return DynamicTest.dynamicTest(id + " (" + file + ")", () -> {
        try {
          check.check(row);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(id + ": " + e.getMessage(), e);
        }
      });
    });
  }

  private static void checkBleu(JsonNode row) {
    String level = row.get("level").asText();
    if (level.equals("from_statistics")) {
      Settings settings = settings(row);
      BleuStatistics statistics = new BleuStatistics(row.get("sys_len").asLong(), row.get("ref_len").asLong(),
          longs(row.get("correct")), longs(row.get("total")));
      double score = BleuFormula.compute(statistics, SmoothMethod.named(settings.string("smooth_method", "none")),
          settings.decimalOrNull("smooth_value"), settings.bool("effective_order", false),
          settings.integer("max_ngram_order", 4)).score();
      assertThat(score).isCloseTo(row.get("expected").asDouble(), within(tolerance(row)));
    } else if (row.has("expected_counts")) {
      Bleu bleu = (Bleu) REGISTRY.create("bleu", settings(row));
      List<String> hypotheses = strings(row.get("hypotheses"));
      BleuStatistics statistics =
          bleu.corpusStatistics(hypotheses, References.fromStreams(lists(row.get("references")), hypotheses.size()));
      assertThat(statistics.correct()).containsExactly(longs(row.get("expected_counts")));
      assertThat(statistics.total()).containsExactly(longs(row.get("expected_totals")));
    } else {
      checkSacreBleu("bleu", row);
    }
  }

  private static void checkSacreBleu(String name, JsonNode row) {
    Metric metric = REGISTRY.create(name, settings(row));
    Score score;
    if (row.get("level").asText().equals("sentence")) {
      score = metric.score(row.get("hypothesis").asText(), strings(row.get("references")));
    } else {
      List<String> hypotheses = strings(row.get("hypotheses"));
      score = CorpusScores.score(metric, hypotheses,
          References.fromStreams(lists(row.get("references")), hypotheses.size()));
    }
    assertThat(score.value()).isCloseTo(row.get("expected").asDouble(), within(tolerance(row)));
  }

  private static void checkRouge(JsonNode row) {
    Metric metric = REGISTRY.create(row.get("rouge_type").asText(),
        Settings.none().with("use_stemmer", row.get("use_stemmer").asBoolean()));
    Score.PrecisionRecall score = (Score.PrecisionRecall) metric.score(row.get("prediction").asText(),
        List.of(row.get("target").asText()));
    double tolerance = 0.5 * Math.pow(10, -row.get("places").asInt());
    JsonNode expected = row.get("expected");
    assertThat(score.precision()).as("precision").isCloseTo(expected.get("precision").asDouble(), within(tolerance));
    assertThat(score.recall()).as("recall").isCloseTo(expected.get("recall").asDouble(), within(tolerance));
    assertThat(score.fmeasure()).as("fmeasure").isCloseTo(expected.get("fmeasure").asDouble(), within(tolerance));
  }

  /** The row's settings only describe T5's fixed procedure (mean over examples of the best reference, x100). */
  private static void checkSquad(JsonNode row) {
    List<String> predictions = strings(row.get("predictions"));
    List<List<String>> targets = lists(row.get("targets"));
    double em = CorpusScores.score(REGISTRY.create("exact_match", Settings.none()), predictions, targets).value();
    double f1 = CorpusScores.score(REGISTRY.create("squad_f1", Settings.none()), predictions, targets).value();
    assertThat(em).as("em").isCloseTo(row.get("expected").get("em").asDouble(), within(tolerance(row)));
    assertThat(f1).as("f1").isCloseTo(row.get("expected").get("f1").asDouble(), within(tolerance(row)));
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) out[i] = array.get(i).asLong();
    return out;
  }
}
