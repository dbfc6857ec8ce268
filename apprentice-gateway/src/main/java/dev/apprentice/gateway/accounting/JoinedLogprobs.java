package dev.apprentice.gateway.accounting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One choice's {@code logprobs} across a stream's chunks, joined into what a non-streamed answer holds: OpenAI's
 * object's arrays ({@code content}, {@code refusal}) concatenated in the order the chunks came, its other fields the
 * last chunk's that gave them. A chunk without logprobs ({@code null}) adds nothing; a value that is no object (no
 * API sends one) replaces what came before.
 */
final class JoinedLogprobs {

  private Map<String, Object> fields;
  private Object other;

  void add(Object part) {
    if (part == null) return;
    if (!(part instanceof Map<?, ?> map)) {
      other = part;
      fields = null;
      return;
    }
    other = null;
    if (fields == null) fields = new LinkedHashMap<>();
    map.forEach((key, value) -> add(String.valueOf(key), value));
  }

  private void add(String key, Object value) {
    if (value instanceof List<?> items) {
      if (fields.get(key) instanceof JoinedList joined) joined.addAll(items);
      else fields.put(key, new JoinedList(items));
    } else if (value != null || !fields.containsKey(key)) {
      fields.put(key, value); // a null only where nothing came yet: OpenAI's "refusal": null stays null
    }
  }

  /** The joined logprobs, a copy that later chunks do not change; null when no chunk had any. */
  Object value() {
    if (other != null) return other;
    if (fields == null) return null;
    Map<String, Object> copy = new LinkedHashMap<>();
    fields.forEach((key, value) -> copy.put(key,
        value instanceof JoinedList joined ? Collections.unmodifiableList(new ArrayList<>(joined)) : value));
    return copy;
  }

  /** A list this class made, to which later chunks' items are appended (never one a chunk holds). */
  private static final class JoinedList extends ArrayList<Object> {
    JoinedList(List<?> items) {
      super(items);
    }
  }
}
