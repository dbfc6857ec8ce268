package dev.apprentice.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The metrics an evaluation suite adds to the text metrics: matching, JSON, classification, retrieval, SemScore. */
class EvalCaseMetricsTest {

  private final MetricRegistry registry = MetricRegistry.standard();

  private double value(String metric, Map<String, ?> settings, EvalCase item) {
    return Measurements.measure(registry.create(metric, Settings.of(settings)), item).value();
  }

  private static EvalCase output(String output, String... references) {
    return EvalCase.text(output, List.of(references));
  }

  @Test
  void containsLooksForTheValueOrAReferenceIgnoringCaseByDefault() {
    assertThat(value("contains", Map.of("value", "Refund"), output("You will get a refund."))).isEqualTo(1);
    assertThat(value("contains", Map.of("value", "Refund", "case_sensitive", true), output("a refund"))).isEqualTo(0);
    assertThat(value("contains", Map.of(), output("the capital is Paris", "paris"))).isEqualTo(1);
    assertThat(value("contains", Map.of("all", true), output("red and blue", "red", "green"))).isEqualTo(0);
  }

  @Test
  void regexFindsThePatternOrMatchesTheWholeOutput() {
    assertThat(value("regex", Map.of("pattern", "\\d{3}-\\d{4}"), output("call 555-1234 now"))).isEqualTo(1);
    assertThat(value("regex", Map.of("pattern", "\\d+", "full_match", true), output(" 42 "))).isEqualTo(1);
    assertThat(value("regex", Map.of("pattern", "\\d+", "full_match", true), output("42 apples"))).isEqualTo(0);
    assertThatThrownBy(() -> registry.create("regex", Settings.of(Map.of("pattern", "(")))).hasMessageContaining("pattern");
  }

  @Test
  void jsonValidAcceptsAnObjectInAFenceButNotProseOrABareNumber() {
    assertThat(value("json_valid", Map.of(), output("```json\n{\"a\": 1}\n```"))).isEqualTo(1);
    assertThat(value("json_valid", Map.of(), output("[1, 2]"))).isEqualTo(1);
    assertThat(value("json_valid", Map.of(), output("{\"a\": 1} and more"))).isEqualTo(0);
    assertThat(value("json_valid", Map.of(), output("42"))).isEqualTo(0);
    assertThat(value("json_valid", Map.of("allow_scalar", true), output("42"))).isEqualTo(1);
  }

  @Test
  void jsonSchemaChecksConformanceAndNamesTheViolation() {
    Map<String, Object> schema = Map.of("type", "object", "required", List.of("intent"),
        "properties", Map.of("intent", Map.of("type", "string"), "confidence", Map.of("type", "number", "maximum", 1)));
    Metric metric = registry.create("json_schema", Settings.of(Map.of("schema", schema)));

    assertThat(Measurements.measure(metric, output("{\"intent\": \"refund\", \"confidence\": 0.9}")).value()).isEqualTo(1);
    Measurement wrong = Measurements.measure(metric, output("{\"confidence\": 3}"));
    assertThat(wrong.value()).isEqualTo(0);
    assertThat(wrong.note()).isNotBlank();
    assertThat(Measurements.measure(metric, output("not json")).note()).isEqualTo("not JSON");
  }

  @Test
  void jsonSchemaAcceptsTheSchemaAsJsonText() {
    Metric metric = registry.create("json_schema", Settings.of(Map.of("schema", "{\"type\": \"array\"}")));

    assertThat(Measurements.measure(metric, output("[]")).value()).isEqualTo(1);
    assertThatThrownBy(() -> registry.create("json_schema", Settings.none())).hasMessageContaining("schema");
  }

  @Test
  void accuracyComparesTheAnswerAsALabelWithTheGoldLabel() {
    EvalCase right = new EvalCase("", " \"Card_Arrival.\" ", List.of(), "card_arrival", List.of(), List.of(), List.of());
    EvalCase wrong = new EvalCase("", "card_linking", List.of(), "card_arrival", List.of(), List.of(), List.of());

    assertThat(value("accuracy", Map.of(), right)).isEqualTo(1);
    assertThat(value("accuracy", Map.of(), wrong)).isEqualTo(0);
    assertThat(Measurements.measure(registry.create("accuracy", Settings.none()), output("x")).scored()).isFalse();
  }

  @Test
  void macroF1AveragesThePerClassF1AsScikitLearnDoes() {
    // y_true = [a, a, b, b, c], y_pred = [a, b, b, b, a]: F1 a = 0.5, b = 0.8, c = 0 -> macro 0.4333
    String[] gold = {"a", "a", "b", "b", "c"};
    String[] predicted = {"a", "b", "b", "b", "a"};
    Metric metric = registry.create("macro_f1", Settings.none());
    List<Measurement> items = new ArrayList<>();
    for (int i = 0; i < gold.length; i++) items.add(Measurements.measure(metric, output(predicted[i], gold[i])));

    assertThat(Measurements.aggregate(metric, items)).isCloseTo(13.0 / 30, Offset.offset(1e-12));
    assertThat(CorpusScores.score(metric, List.of(predicted), List.of(gold).stream().map(List::of).toList()).value())
        .isCloseTo(13.0 / 30, Offset.offset(1e-12));
  }

  @Test
  void contextPrecisionRewardsRelevantChunksRankedFirst() {
    EvalCase first = new EvalCase("", "", List.of(), null, List.of("doc-a"), List.of("doc-a#0", "doc-b#1"), List.of());
    EvalCase last = new EvalCase("", "", List.of(), null, List.of("doc-a"), List.of("doc-b#1", "doc-a#0"), List.of());

    assertThat(value("context_precision", Map.of(), first)).isEqualTo(1.0);
    assertThat(value("context_precision", Map.of(), last)).isEqualTo(0.5);
  }

  @Test
  void contextRecallIsTheShareOfGoldIdsRetrieved() {
    EvalCase item = new EvalCase("", "", List.of(), null, List.of("doc-a#0", "doc-c"), List.of("doc-a#0", "doc-b#2"),
        List.of());
    EvalCase noGold = new EvalCase("", "", List.of(), null, List.of(), List.of("doc-a#0"), List.of());

    assertThat(value("context_recall", Map.of(), item)).isEqualTo(0.5);
    assertThat(Measurements.measure(registry.create("context_recall", Settings.none()), noGold).scored()).isFalse();
  }

  @Test
  void semanticSimilarityIsTheBestCosineOverTheReferences() {
    Embedder embedder = new AxisEmbedder();
    Metric metric = EvalMetrics.registry(() -> embedder, null).create("semantic_similarity", Settings.none());

    assertThat(Measurements.measure(metric, output("north", "east", "north")).value()).isCloseTo(1, Offset.offset(1e-9));
    assertThat(Measurements.measure(metric, output("north", "east")).value()).isCloseTo(0, Offset.offset(1e-9));
  }

  @Test
  void aCustomMetricsValueThatIsNotAFiniteNumberLeavesTheItemUnscoredSayingSo() {
    Metric infinite = new Metric() {
      @Override
      public String name() {
        return "ratio";
      }

      @Override
      public Score score(String hypothesis, List<String> references) {
        return Score.of(hypothesis.length() / 0.0);
      }
    };
    CaseMetric countsInfinity = new CaseMetric() {
      @Override
      public String name() {
        return "counts";
      }

      @Override
      public Measurement measure(EvalCase item) {
        return new Measurement(1, Map.of("tp:x", Double.POSITIVE_INFINITY), 0, 0, null);
      }
    };

    Measurement ratio = Measurements.measure(infinite, output("abc", "ab"));
    Measurement counts = Measurements.measure(countsInfinity, output("abc", "ab"));

    assertThat(ratio.scored()).isFalse();
    assertThat(ratio.note()).isEqualTo("ratio gave Infinity, not a finite number: the item is left unscored");
    assertThat(counts.scored()).isFalse();
    assertThat(counts.note()).isEqualTo("counts gave Infinity for tp:x, not a finite number: the item is left "
        + "unscored");
    assertThat(Measurements.measure(infinite, output("", "ab")).note()).startsWith("ratio gave NaN, not a finite");
  }

  /** Words as unit vectors: north (0, 1), east (1, 0), anything else (0.6, 0.8). */
  private static final class AxisEmbedder implements Embedder {
    @Override
    public String model() {
      return "axis";
    }

    @Override
    public int dimensions() {
      return 2;
    }

    @Override
    public int maxTokens() {
      return 16;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
      return texts.stream().map(t -> new Embedding(switch (t) {
        case "north" -> new float[] {0, 1};
        case "east" -> new float[] {1, 0};
        default -> new float[] {0.6f, 0.8f};
      }, 1, false)).toList();
    }
  }
}
