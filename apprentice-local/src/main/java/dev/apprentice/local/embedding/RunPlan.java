package dev.apprentice.local.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a batch of tokenized texts into model runs. Texts are sorted by length and each run is padded only to its
 * longest text; where to cut is chosen to spend the fewest token slots in all, counting each run as a fixed
 * {@code runOverheadTokens} plus its padded size (rows times longest), so short texts are not padded to a long one's
 * length and runs stay large enough to keep the matrix products efficient (on a tie, the fewer runs). No run
 * exceeds {@code maxRunTokens} padded tokens, which bounds the memory of a run.
 */
final class RunPlan {

  private RunPlan() {}

  /** Input indexes grouped into runs, shortest texts first; each run has one text at least. */
  static List<int[]> of(List<Tokens> batch, int maxRunTokens, int runOverheadTokens) {
    int n = batch.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingInt(i -> batch.get(i).length()));
    long[] best = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int end = 1; end <= n; end++) {
      long width = Math.max(1, batch.get(order[end - 1]).length());
      best[end] = Long.MAX_VALUE;
      for (int start = end - 1; start >= 0; start--) {
        long padded = (end - start) * width;
        if (padded > maxRunTokens && start < end - 1) break;
        long cost = best[start] + runOverheadTokens + padded;
        if (cost <= best[end]) {
          best[end] = cost;
          cut[end] = start;
        }
      }
    }
    List<int[]> runs = new ArrayList<>();
    for (int end = n; end > 0; end = cut[end]) {
      int[] run = new int[end - cut[end]];
      for (int i = cut[end]; i < end; i++) run[i - cut[end]] = order[i];
      runs.add(run);
    }
    Collections.reverse(runs);
    return runs;
  }
}
