package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the list parts of a row: references and context ids. A JSON row gives a list as an array; a CSV cell is
 * text, which holds several references only when it is a JSON array of plain values ({@code ["Paris", "Paris,
 * France"]}) — any other text is one reference, bars and commas included — and several context ids as a JSON array
 * or separated by {@code |} or {@code ,}.
 */
final class ListCells {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ListCells() {}

  /** The references in a value; {@code textCell}: the value is a CSV cell, which may be a JSON array. */
  static List<String> references(Object value, boolean textCell) {
    if (value == null) return List.of();
    if (value instanceof List<?> list) return strings(list);
    String text = FieldText.of(value);
    if (textCell) return jsonArray(text).orElse(List.of(text));
    return List.of(text);
  }

  /** The context ids in a value: a list, a JSON array, or text split on bars and commas (brackets, quotes dropped). */
  static List<String> ids(Object value) {
    if (value == null) return List.of();
    if (value instanceof List<?> list) return strings(list);
    String text = FieldText.of(value).strip();
    Optional<List<String>> array = jsonArray(text);
    if (array.isPresent()) return array.get();
    if (text.startsWith("[")) text = text.substring(1, text.endsWith("]") ? text.length() - 1 : text.length());
    List<String> out = new ArrayList<>();
    for (String part : text.split("[|,]")) {
      String id = part.strip().replaceAll("^\"|\"$", "");
      if (!id.isEmpty()) out.add(id);
    }
    return out;
  }

  private static List<String> strings(List<?> list) {
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) if (o != null) out.add(FieldText.of(o));
    return out;
  }

  /** The elements of text that is a JSON array of plain values (strings, numbers, booleans); empty otherwise. */
  private static Optional<List<String>> jsonArray(String text) {
    String s = text.strip();
    if (!s.startsWith("[") || !s.endsWith("]")) return Optional.empty();
    JsonNode node;
    try {
      node = JSON.readTree(s);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isArray()) return Optional.empty();
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (element.isNull()) continue;
      if (!element.isValueNode()) return Optional.empty();
      out.add(element.asText());
    }
    return Optional.of(out);
  }
}
