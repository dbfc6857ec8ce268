package dev.apprentice.eval.metric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared metric test vectors (../shared/data/metric-vectors), read by path; never copied into the repo. */
final class MetricVectors {

  static final ObjectMapper JSON = new ObjectMapper();

  private MetricVectors() {}

  /** The folder, from a module directory of any working tree, or at its absolute place; null when absent. */
  static Path folder() {
    Path relative = Path.of(System.getProperty("user.dir")).resolve("../../shared/data/metric-vectors").normalize();
    if (Files.isDirectory(relative)) return relative;
    Path absolute = Path.of("/work/shared/data/metric-vectors");
    return Files.isDirectory(absolute) ? absolute : null;
  }

  static List<JsonNode> rows(Path file) {
    try {
      List<JsonNode> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) rows.add(JSON.readTree(line));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Settings settings(JsonNode row) {
    JsonNode node = row.path("settings");
    if (!node.isObject()) return Settings.none();
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.convertValue(node, LinkedHashMap.class);
    return Settings.of(map);
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) out.add(item.isNull() ? null : item.asText());
    return out;
  }

  static List<List<String>> lists(JsonNode arrays) {
    List<List<String>> out = new ArrayList<>();
    for (JsonNode array : arrays) out.add(strings(array));
    return out;
  }

  static double tolerance(JsonNode row) {
    return row.hasNonNull("tolerance") ? row.get("tolerance").asDouble() : 1e-4;
  }
}
