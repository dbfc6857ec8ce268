package dev.apprentice.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.eval.metric.ScoreDigits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as JSON (snake_case keys; numbers that do not exist, such as the interval of no items, are null; every
 * other fraction to {@link ScoreDigits 12 significant digits}, so that a sum of costs is not written as
 * {@code 0.10000000000000007}).
 */
public final class JsonReport {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static String render(RunReport report) {
    JsonNode tree = JSON.valueToTree(report);
    try {
      return JSON.writeValueAsString(tidied(tree)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private static JsonNode tidied(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      for (Map.Entry<String, JsonNode> f : fields) object.set(f.getKey(), tidied(f.getValue()));
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) array.set(i, tidied(array.get(i)));
      return array;
    }
    if (node.isFloatingPointNumber()) {
      double value = node.asDouble();
      return Double.isFinite(value) ? JSON.getNodeFactory().numberNode(ScoreDigits.rounded(value)) : JSON.nullNode();
    }
    return node;
  }
}
