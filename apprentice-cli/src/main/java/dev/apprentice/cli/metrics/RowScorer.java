package dev.apprentice.cli.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.eval.metric.CorpusScores;
import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.ScoreDigits;
import dev.apprentice.eval.metric.Settings;
import dev.apprentice.eval.metric.bleu.Bleu;
import dev.apprentice.eval.metric.bleu.BleuStatistics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores input rows with one named metric: the row's own {@code settings} over the command's {@code --set}
 * defaults (a metric is made once per distinct settings).
 */
final class RowScorer {

  private static final int CACHED_METRICS = 32;

  private final MetricRegistry registry;
  private final String name;
  private final Settings defaults;
  private final boolean readsStemmerBesideSettings;
  private final boolean takesSettings;
  private final Map<Settings, Metric> metrics = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Settings, Metric> eldest) {
      return size() > CACHED_METRICS;
    }
  };

  /** Checks the metric name and the defaults at once; throws {@link IllegalArgumentException} for either. */
  RowScorer(MetricRegistry registry, String name, Settings defaults) {
    this.registry = registry;
    this.name = name;
    this.defaults = defaults;
    this.readsStemmerBesideSettings = registry.settingNames(name).contains("use_stemmer");
    this.takesSettings = !registry.settingNames(name).isEmpty();
    metric(defaults);
  }

  /** The score of one row, as JSON: a number, or {precision, recall, fmeasure}. */
  JsonNode score(JsonNode row) {
    Settings settings = rowSettings(row).over(defaults);
    MetricRow request = MetricRow.of(row);
    Metric metric = metric(settings);
    Score score = switch (request) {
      case MetricRow.Sentence sentence -> metric.score(sentence.hypothesis(), sentence.references());
      case MetricRow.Corpus corpus -> CorpusScores.score(metric, corpus.hypotheses(), corpus.references());
      case MetricRow.Statistics statistics -> {
        if (!(metric instanceof Bleu bleu)) throw new IllegalArgumentException("statistics rows are for bleu only");
        yield Score.of(bleu.details(new BleuStatistics(statistics.sysLen(), statistics.refLen(), statistics.correct(),
            statistics.total()), false).score());
      }
    };
    return json(score);
  }

  private Metric metric(Settings settings) {
    Metric metric = metrics.get(settings);
    if (metric == null) {
      metric = registry.create(name, settings);
      metrics.put(settings, metric);
    }
    return metric;
  }

  /** The row's {@code settings} object; for ROUGE also rouge-score rows' {@code use_stemmer} beside it. */
  private Settings rowSettings(JsonNode row) {
    Settings settings = Settings.none();
    if (readsStemmerBesideSettings && row.has("use_stemmer")) {
      settings = settings.with("use_stemmer", value("use_stemmer", row.get("use_stemmer")));
    }
    JsonNode node = row.get("settings");
    // for a metric with nothing to set, a row's settings can only describe it (as the SQuAD vectors' do): not an error
    if (node == null || node.isNull() || !takesSettings) return settings;
    if (!node.isObject()) throw new IllegalArgumentException("'settings' must be an object");
    Map<String, Object> values = new LinkedHashMap<>(settings.values());
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      values.put(field.getKey(), value(field.getKey(), field.getValue()));
    }
    return Settings.of(values);
  }

  private static Object value(String key, JsonNode node) {
    if (node.isNull()) return null;
    if (node.isTextual()) return node.asText();
    if (node.isBoolean()) return node.asBoolean();
    if (node.isNumber()) return node.numberValue();
    throw new IllegalArgumentException("setting " + key + " must be a string, number, boolean or null");
  }

  /** The score as it is written: a number, or {precision, recall, fmeasure}, each to {@link ScoreDigits}. */
  static JsonNode json(Score score) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (score) {
      case Score.Value value -> nodes.numberNode(ScoreDigits.rounded(value.value()));
      case Score.PrecisionRecall pr -> {
        ObjectNode object = nodes.objectNode();
        object.put("precision", ScoreDigits.rounded(pr.precision()));
        object.put("recall", ScoreDigits.rounded(pr.recall()));
        object.put("fmeasure", ScoreDigits.rounded(pr.fmeasure()));
        yield object;
      }
    };
  }
}
