package dev.apprentice.server.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.eval.metric.Measurement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An item's measurements as the JSON of the {@code eval_items.metrics} column:
 * {@code {"accuracy": {"value": 1, "statistics": {...}, "cost_usd": 0, "tokens": 0, "note": null}}}; an unscored
 * value is null.
 */
final class MeasurementJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MeasurementJson() {}

  static String write(Map<String, Measurement> metrics) {
    ObjectNode root = JSON.createObjectNode();
    metrics.forEach((name, m) -> {
      ObjectNode node = root.putObject(name);
      if (m.scored()) node.put("value", m.value());
      else node.putNull("value");
      if (!m.statistics().isEmpty()) {
        ObjectNode stats = node.putObject("statistics");
        m.statistics().forEach(stats::put);
      }
      if (m.costUsd() != 0) node.put("cost_usd", m.costUsd());
      if (m.tokens() != 0) node.put("tokens", m.tokens());
      if (m.note() != null) node.put("note", m.note());
    });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Measurement> read(String json) {
    Map<String, Measurement> out = new LinkedHashMap<>();
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored item's metrics are not JSON: " + e.getOriginalMessage(), e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode n = e.getValue();
      Map<String, Double> stats = new LinkedHashMap<>();
      JsonNode s = n.get("statistics");
      if (s != null) s.fields().forEachRemaining(f -> stats.put(f.getKey(), f.getValue().asDouble()));
      JsonNode value = n.get("value");
      out.put(e.getKey(), new Measurement(value == null || value.isNull() ? Double.NaN : value.asDouble(), stats,
          n.path("cost_usd").asDouble(0), n.path("tokens").asLong(0), n.hasNonNull("note") ? n.get("note").asText() : null));
    }
    return out;
  }
}
