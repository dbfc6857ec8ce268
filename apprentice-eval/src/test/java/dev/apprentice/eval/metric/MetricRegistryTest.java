package dev.apprentice.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {

  private final MetricRegistry registry = MetricRegistry.standard();

  @Test
  void theStandardRegistryHoldsTheBuiltInMetrics() {
    assertThat(registry.names()).contains("bleu", "chrf", "ter", "rouge1", "rouge2", "rougeL", "rougeLsum",
        "exact_match", "squad_f1");
    assertThat(registry.create("rougeL", Settings.none()).name()).isEqualTo("rougeL");
  }

  @Test
  void anUnknownMetricIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> registry.create("meteor", Settings.none()))
        .hasMessageContaining("unknown metric 'meteor'").hasMessageContaining("bleu");
  }

  @Test
  void anUnknownSettingIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> registry.create("bleu", Settings.none().with("tokenizer", "13a")))
        .hasMessageContaining("unknown setting 'tokenizer' for bleu").hasMessageContaining("tokenize");
    assertThatThrownBy(() -> registry.create("squad_f1", Settings.none().with("use_stemmer", true)))
        .hasMessageContaining("known: none");
  }

  @Test
  void aCustomMetricCanBeRegisteredAndMadeWithItsSettings() {
    registry.register("length_ratio", MetricFactory.of(Set.of("scale"), settings -> new Metric() {
      @Override
      public String name() {
        return "length_ratio";
      }

      @Override
      public Score score(String hypothesis, List<String> references) {
        return Score.of(settings.decimal("scale", 1) * hypothesis.length() / references.get(0).length());
      }
    }));
    Metric metric = registry.create("length_ratio", Settings.none().with("scale", "100"));
    assertThat(metric.score("ab", List.of("abcd")).value()).isEqualTo(50.0);
  }

  @Test
  void aNameCanBeRegisteredOnce() {
    assertThatThrownBy(() -> registry.register("bleu", MetricFactory.of(Set.of(), s -> null)))
        .hasMessageContaining("already registered");
  }

  @Test
  void settingsReadTextValuesAsTheCommandLineGivesThem() {
    Settings settings = Settings.of(java.util.Map.of("lowercase", "true", "smooth_value", "0.5", "max_ngram_order", "2"));
    assertThat(settings.bool("lowercase", false)).isTrue();
    assertThat(settings.decimalOrNull("smooth_value")).isEqualTo(0.5);
    assertThat(settings.integer("max_ngram_order", 4)).isEqualTo(2);
    assertThatThrownBy(() -> settings.integer("smooth_value", 1)).hasMessageContaining("whole number");
  }

  @Test
  void rowSettingsWinOverDefaults() {
    Settings merged = Settings.none().with("a", 1).over(Settings.none().with("a", 2).with("b", 3));
    assertThat(merged.values()).containsEntry("a", 1).containsEntry("b", 3);
  }

  @Test
  void corpusScoresAverageMetricsWithoutACorpusForm() {
    Score score = CorpusScores.score(registry.create("exact_match", Settings.none()), List.of("a", "b"),
        List.of(List.of("a"), List.of("c")));
    assertThat(score.value()).isEqualTo(50.0);
  }

  @Test
  void referenceStreamsMustCoverEveryHypothesis() {
    assertThatThrownBy(() -> References.fromStreams(List.of(List.of("a")), 2))
        .hasMessageContaining("reference stream 1 has 1 lines for 2 hypotheses");
    List<String> withGap = new java.util.ArrayList<>(List.of("x"));
    withGap.add(null);
    assertThat(References.fromStreams(List.of(List.of("a", "b"), withGap), 2))
        .containsExactly(List.of("a", "x"), List.of("b"));
  }
}
