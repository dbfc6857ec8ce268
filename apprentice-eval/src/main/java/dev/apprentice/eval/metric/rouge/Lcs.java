package dev.apprentice.eval.metric.rouge;

/** Longest common subsequences over token ids, as rouge-score computes them. */
final class Lcs {

  private Lcs() {}

  /** The length of a longest common subsequence. */
  static int length(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) return 0;
    int[] previous = new int[b.length + 1];
    int[] current = new int[b.length + 1];
    for (int i = 1; i <= a.length; i++) {
      int word = a[i - 1];
      for (int j = 1; j <= b.length; j++) {
        current[j] = word == b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length];
  }

  /**
   * The positions in {@code ref} of one longest common subsequence with {@code can}, chosen by rouge-score's
   * backtracking ({@code _backtrack_norec}): take a match, else move along {@code can} when that keeps a strictly
   * longer subsequence, else along {@code ref}.
   */
  static boolean[] positionsInRef(int[] ref, int[] can) {
    int[][] table = new int[ref.length + 1][can.length + 1];
    for (int i = 1; i <= ref.length; i++) {
      for (int j = 1; j <= can.length; j++) {
        table[i][j] = ref[i - 1] == can[j - 1] ? table[i - 1][j - 1] + 1
            : Math.max(table[i - 1][j], table[i][j - 1]);
      }
    }
    boolean[] inLcs = new boolean[ref.length];
    int i = ref.length;
    int j = can.length;
    while (i > 0 && j > 0) {
      if (ref[i - 1] == can[j - 1]) {
        inLcs[i - 1] = true;
        i--;
        j--;
      } else if (table[i][j - 1] > table[i - 1][j]) {
        j--;
      } else {
        i--;
      }
    }
    return inLcs;
  }
}
