package dev.apprentice.local.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prompt embeddings of recent semantic misses, so that storing the answer to a miss does not embed its prompt a
 * second time. Keyed by the exact key (a hash of the whole request) and checked against the prompt; bounded, oldest
 * first out.
 */
final class RecentEmbeddings {

  private record Remembered(int promptHash, int promptLength, float[] vector) {}

  private final Map<String, Remembered> entries;

  RecentEmbeddings(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void put(String exact, String prompt, float[] vector) {
    entries.put(exact, new Remembered(prompt.hashCode(), prompt.length(), vector));
  }

  /** The vector kept for this prompt, removed from memory; null when there is none. */
  synchronized float[] take(String exact, String prompt) {
    Remembered e = entries.get(exact);
    if (e == null || e.promptHash != prompt.hashCode()
        || e.promptLength != prompt.length()) {
      return null;
    }
    entries.remove(exact);
    return e.vector;
  }
}
