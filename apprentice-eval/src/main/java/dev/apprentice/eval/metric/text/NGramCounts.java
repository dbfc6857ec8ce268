package dev.apprentice.eval.metric.text;

import java.util.HashMap;
import java.util.Map;

/** Counts of n-grams, as Python's {@code collections.Counter} over tuples. */
public final class NGramCounts {

  private final Map<NGram, Integer> counts;
  private long total;

  private NGramCounts(int capacity) {
    counts = new HashMap<>(Math.max(4, capacity * 4 / 3 + 1));
  }

  /** The n-grams of orders {@code minOrder..maxOrder} in {@code values}. */
  public static NGramCounts of(int[] values, int minOrder, int maxOrder) {
    NGramCounts counts = new NGramCounts(values.length * (maxOrder - minOrder + 1));
    for (int n = minOrder; n <= maxOrder; n++) {
      for (int i = 0; i + n <= values.length; i++) counts.add(new NGram(values, i, n), 1);
    }
    return counts;
  }

  /** Empty counts, to be filled with {@link #keepMax}. */
  public static NGramCounts empty() {
    return new NGramCounts(16);
  }

  private void add(NGram ngram, int count) {
    counts.merge(ngram, count, Integer::sum);
    total += count;
  }

  /** Raises each count to at least the other's count (sacreBLEU's merge of several references). */
  public void keepMax(NGramCounts other) {
    for (Map.Entry<NGram, Integer> entry : other.counts.entrySet()) {
      int mine = counts.getOrDefault(entry.getKey(), 0);
      if (entry.getValue() > mine) {
        counts.put(entry.getKey(), entry.getValue());
        total += entry.getValue() - mine;
      }
    }
  }

  public int count(NGram ngram) {
    return counts.getOrDefault(ngram, 0);
  }

  /** The number of n-grams, counting repeats. */
  public long total() {
    return total;
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  public Map<NGram, Integer> asMap() {
    return counts;
  }

  /** The size of the multiset intersection: for each n-gram the smaller of the two counts, summed. */
  public long overlap(NGramCounts other) {
    NGramCounts small = counts.size() <= other.counts.size() ? this : other;
    NGramCounts large = small == this ? other : this;
    long overlap = 0;
    for (Map.Entry<NGram, Integer> entry : small.counts.entrySet()) {
      overlap += Math.min(entry.getValue(), large.count(entry.getKey()));
    }
    return overlap;
  }
}
