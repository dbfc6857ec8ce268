package dev.apprentice.api;

import java.util.HashMap;
import java.util.Map;

/**
 * Which call of one streamed choice a tool-call fragment belongs to. OpenAI numbers every fragment with
 * {@code index}, and a fragment that has one is taken at its word. Some OpenAI-compatible servers send none: Ollama
 * and Gemini send each call whole, with its {@code id}, and servers that split a call send its {@code id} on its
 * first fragment only (some on every one). So a fragment without {@code index} that carries an {@code id} not seen
 * yet starts a new call, one that carries a seen {@code id} goes to that call, and one without {@code id} continues
 * the last call (starts the first when there is none). A new call takes the number after the highest seen, which is
 * the number OpenAI would have given it. One instance per choice per stream; not thread-safe.
 */
public final class ToolCallIndexes {

  private final Map<String, Integer> byId = new HashMap<>();
  private int last = -1;
  private int highest = -1;

  /** The number of the call {@code fragment} belongs to. */
  public int of(ToolCall fragment) {
    String id = fragment.id() == null || fragment.id().isEmpty() ? null : fragment.id();
    int index;
    if (fragment.index() != null) {
      index = fragment.index();
    } else if (id != null) {
      index = byId.getOrDefault(id, highest + 1);
    } else {
      index = last < 0 ? highest + 1 : last;
    }
    if (id != null) byId.putIfAbsent(id, index);
    last = index;
    highest = Math.max(highest, index);
    return index;
  }
}
