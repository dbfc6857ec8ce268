package dev.apprentice.eval.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the fields of one YAML mapping, noting problems under the mapping's path and refusing unknown keys. */
final class Fields {

  private static final ObjectMapper PLAIN = new ObjectMapper();

  private final JsonNode node;
  private final String path;
  private final List<String> problems;

  Fields(JsonNode node, String path, List<String> problems, Set<String> known) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    if (node != null && node.isObject()) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) problems.add(at(name) + ": unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    } else if (node != null && !node.isNull()) {
      problems.add((path.isEmpty() ? "suite" : path) + ": must be a mapping");
    }
  }

  String at(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  JsonNode get(String name) {
    if (node == null || !node.isObject()) return null;
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  String text(String name, boolean required) {
    JsonNode value = get(name);
    if (value == null) {
      if (required) problems.add(at(name) + ": required");
      return null;
    }
    if (!value.isValueNode()) {
      problems.add(at(name) + ": must be text");
      return null;
    }
    return value.asText();
  }

  Double number(String name) {
    JsonNode value = get(name);
    if (value == null) return null;
    if (!value.isNumber()) {
      problems.add(at(name) + ": must be a number, not '" + value.asText() + "'");
      return null;
    }
    return value.asDouble();
  }

  int integer(String name, int fallback, int min) {
    JsonNode value = get(name);
    if (value == null) return fallback;
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > Integer.MAX_VALUE) {
      problems.add(at(name) + ": must be a whole number of at least " + min + ", not '" + value.asText() + "'");
      return fallback;
    }
    return value.asInt();
  }

  Boolean bool(String name) {
    JsonNode value = get(name);
    if (value == null) return null;
    if (!value.isBoolean()) {
      problems.add(at(name) + ": must be true or false");
      return null;
    }
    return value.asBoolean();
  }

  /** A mapping as plain Java values (maps, lists, strings, numbers, booleans). */
  Map<String, Object> map(String name) {
    JsonNode value = get(name);
    if (value == null) return Map.of();
    if (!value.isObject()) {
      problems.add(at(name) + ": must be a mapping");
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> plain = PLAIN.convertValue(value, Map.class);
    return plain;
  }

  List<JsonNode> list(String name, boolean required) {
    JsonNode value = get(name);
    if (value == null) {
      if (required) problems.add(at(name) + ": required");
      return List.of();
    }
    if (!value.isArray()) {
      problems.add(at(name) + ": must be a list");
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    value.forEach(out::add);
    return out;
  }
}
