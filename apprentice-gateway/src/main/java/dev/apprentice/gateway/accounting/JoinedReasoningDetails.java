package dev.apprentice.gateway.accounting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One choice's {@code reasoning_details} across a stream's chunks, joined into what a non-streamed answer holds.
 * OpenRouter streams each detail in fragments that share its {@code index}: the {@code text} (or {@code summary}) in
 * pieces, the {@code signature} in a last fragment without text. Fragments of one index are joined into one detail, in
 * the order the details first came: its texts concatenated, any other field the last fragment's that gave it (a
 * signature checks the whole text, so a replayed list of fragments is refused). A detail without an index (a whole
 * one) is kept as it came.
 */
final class JoinedReasoningDetails {

  /** The fields of a detail that come in fragments. */
  private static final List<String> TEXTS = List.of("text", "summary");

  private final List<Map<String, Object>> details = new ArrayList<>();
  private final Map<Long, Map<String, Object>> byIndex = new LinkedHashMap<>();

  /** A delta's {@code reasoning_details}: a list of details or fragments, anything else ignored. */
  void add(Object part) {
    if (!(part instanceof List<?> items)) return;
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> fragment)) continue;
      Long index = fragment.get("index") instanceof Number n ? n.longValue() : null;
      Map<String, Object> detail = index == null ? null : byIndex.get(index);
      if (detail == null) {
        detail = new LinkedHashMap<>();
        details.add(detail);
        if (index != null) byIndex.put(index, detail);
      }
      join(detail, fragment);
    }
  }

  private static void join(Map<String, Object> detail, Map<?, ?> fragment) {
    fragment.forEach((key, value) -> {
      String field = String.valueOf(key);
      if (TEXTS.contains(field) && value instanceof String text) {
        if (detail.get(field) instanceof StringBuilder joined) joined.append(text);
        else detail.put(field, new StringBuilder(text));
      } else if (value != null || !detail.containsKey(field)) {
        detail.put(field, value);
      }
    });
  }

  /** The joined details, a copy that later chunks do not change; null when no chunk had any. */
  List<Map<String, Object>> value() {
    if (details.isEmpty()) return null;
    List<Map<String, Object>> copy = new ArrayList<>(details.size());
    for (Map<String, Object> detail : details) {
      Map<String, Object> whole = new LinkedHashMap<>();
      detail.forEach((field, value) -> whole.put(field, value instanceof StringBuilder t ? t.toString() : value));
      copy.add(whole);
    }
    return copy;
  }
}
