package dev.apprentice.cli.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.eval.metric.References;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input row asks to score, read from the row formats of the shared metric vectors: one hypothesis with its
 * references, a corpus, or BLEU's raw statistics.
 */
sealed interface MetricRow {

  /** {@code {"hypothesis", "references": [...]}} or rouge-score's {@code {"prediction", "target"}}. */
  record Sentence(String hypothesis, List<String> references) implements MetricRow {}

  /** {@code {"hypotheses", "references": [[stream 1], ...]}} or T5's {@code {"predictions", "targets": [[...], ...]}}. */
  record Corpus(List<String> hypotheses, List<List<String>> references) implements MetricRow {}

  /** sacreBLEU's {@code compute_bleu} input: {@code {"correct", "total", "sys_len", "ref_len"}}. */
  record Statistics(long sysLen, long refLen, long[] correct, long[] total) implements MetricRow {}

  String SHAPES = "a row needs hypothesis (or prediction) with references (or target), hypotheses with references "
      + "as streams [[...], ...], predictions with targets, or BLEU's correct, total, sys_len and ref_len";

  /** The row's request; throws {@link IllegalArgumentException} saying what is missing or of the wrong type. */
  static MetricRow of(JsonNode row) {
    if (row.has("correct") || row.has("sys_len")) {
      return new Statistics(whole(row, "sys_len"), whole(row, "ref_len"), wholes(row, "correct"),
          wholes(row, "total"));
    }
    if (row.has("hypotheses")) {
      List<String> hypotheses = strings(row.get("hypotheses"), "hypotheses", false);
      List<List<String>> streams = lists(required(row, "references"), "references", true);
      return new Corpus(hypotheses, References.fromStreams(streams, hypotheses.size()));
    }
    if (row.has("predictions")) {
      List<String> predictions = strings(row.get("predictions"), "predictions", false);
      List<List<String>> targets = lists(required(row, "targets"), "targets", false);
      References.requireEach(targets, predictions.size());
      return new Corpus(predictions, targets);
    }
    String field = row.has("hypothesis") ? "hypothesis" : row.has("prediction") ? "prediction" : null;
    if (field == null) throw new IllegalArgumentException(SHAPES);
    String hypothesis = text(row.get(field), field);
    List<String> references;
    if (row.has("references")) {
      references = textOrStrings(row.get("references"), "references");
    } else if (row.has("target")) {
      references = textOrStrings(row.get("target"), "target");
    } else {
      throw new IllegalArgumentException("no references (or target) for the " + field);
    }
    References.require(references);
    return new Sentence(hypothesis, references);
  }

  private static JsonNode required(JsonNode row, String field) {
    if (!row.has(field)) throw new IllegalArgumentException("missing field '" + field + "'");
    return row.get(field);
  }

  private static String text(JsonNode node, String field) {
    if (!node.isTextual()) throw new IllegalArgumentException("'" + field + "' must be a string");
    return node.asText();
  }

  private static List<String> textOrStrings(JsonNode node, String field) {
    return node.isTextual() ? List.of(node.asText()) : strings(node, field, false);
  }

  private static List<String> strings(JsonNode node, String field, boolean nullsAllowed) {
    if (!node.isArray()) throw new IllegalArgumentException("'" + field + "' must be an array of strings");
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (item.isNull() && nullsAllowed) {
        out.add(null);
      } else if (item.isTextual()) {
        out.add(item.asText());
      } else {
        throw new IllegalArgumentException("'" + field + "' must be an array of strings");
      }
    }
    return out;
  }

  private static List<List<String>> lists(JsonNode node, String field, boolean nullsAllowed) {
    if (!node.isArray() || (!node.isEmpty() && !node.get(0).isArray())) {
      throw new IllegalArgumentException("'" + field + "' must be an array of arrays of strings");
    }
    List<List<String>> out = new ArrayList<>(node.size());
    for (JsonNode item : node) out.add(strings(item, field, nullsAllowed));
    return out;
  }

  private static long whole(JsonNode row, String field) {
    JsonNode node = required(row, field);
    if (!node.canConvertToLong() || !node.isIntegralNumber()) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number");
    }
    return node.asLong();
  }

  private static long[] wholes(JsonNode row, String field) {
    JsonNode node = required(row, field);
    if (!node.isArray()) throw new IllegalArgumentException("'" + field + "' must be an array of whole numbers");
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      if (!node.get(i).isIntegralNumber()) {
        throw new IllegalArgumentException("'" + field + "' must be an array of whole numbers");
      }
      out[i] = node.get(i).asLong();
    }
    return out;
  }
}
