package dev.apprentice.eval.metric.ter;

/**
 * One round of sacreBLEU's (Tercom's) shift search: among the word sequences that the hypothesis shares with the
 * reference, try moving each to where the alignment says it belongs, and keep the move that lowers the edit distance
 * most (ties: the longer, the earlier in the hypothesis, the earlier target).
 */
final class ShiftSearch {

  static final int MAX_SHIFT_SIZE = 10;
  static final int MAX_SHIFT_DIST = 50;
  static final int MAX_SHIFT_CANDIDATES = 1000;

  /** The best shift found: how much it lowers the distance (0 when none), the shifted words, candidates so far. */
  record Shift(int gain, int[] words, int checkedCandidates) {}

  private ShiftSearch() {}

  static Shift best(int[] hyp, int[] ref, BeamEditDistance editDistance, int checkedCandidates) {
    int before = editDistance.distance(hyp);
    Alignment alignment = Alignment.of(editDistance.trace(), hyp.length, ref.length);
    int checked = checkedCandidates;
    int bestGain = 0;
    int bestLength = 0;
    int bestStart = 0;
    int bestTarget = 0;
    int[] bestWords = null;
    search:
    for (int startH = 0; startH < hyp.length; startH++) {
      for (int startR = 0; startR < ref.length; startR++) {
        if (Math.abs(startR - startH) > MAX_SHIFT_DIST) continue;
        for (int length = 1; length <= MAX_SHIFT_SIZE; length++) {
          if (hyp[startH + length - 1] != ref[startR + length - 1]) break;
          if (alignment.worthShifting(startH, startR, length)) {
            int previousTarget = -1;
            for (int offset = -1; offset < length; offset++) {
              int target = startR + offset == -1 ? 0 : alignment.hypPositionOf(startR + offset) + 1;
              if (target == previousTarget) continue;
              previousTarget = target;
              int[] shifted = shift(hyp, startH, length, target);
              int gain = before - editDistance.distance(shifted);
              checked++;
              if (bestWords == null || better(gain, length, startH, target, bestGain, bestLength, bestStart,
                  bestTarget)) {
                bestGain = gain;
                bestLength = length;
                bestStart = startH;
                bestTarget = target;
                bestWords = shifted;
              }
            }
            if (checked >= MAX_SHIFT_CANDIDATES) break search;
          }
          if (startH + length == hyp.length || startR + length == ref.length) break;
        }
      }
    }
    return bestWords == null ? new Shift(0, hyp, checked) : new Shift(bestGain, bestWords, checked);
  }

  /** sacreBLEU's ranking: the larger gain, then the longer, the earlier start, the earlier target. */
  private static boolean better(int gain, int length, int start, int target, int bestGain, int bestLength,
      int bestStart, int bestTarget) {
    if (gain != bestGain) return gain > bestGain;
    if (length != bestLength) return length > bestLength;
    if (start != bestStart) return start < bestStart;
    return target < bestTarget;
  }

  /** sacreBLEU's {@code _perform_shift}: {@code length} words from {@code start} moved to before {@code target}. */
  static int[] shift(int[] words, int start, int length, int target) {
    int[] out = new int[words.length];
    int at = 0;
    if (target < start) {
      at = copy(words, 0, target, out, at);
      at = copy(words, start, start + length, out, at);
      at = copy(words, target, start, out, at);
      copy(words, start + length, words.length, out, at);
    } else if (target > start + length) {
      at = copy(words, 0, start, out, at);
      at = copy(words, start + length, target, out, at);
      at = copy(words, start, start + length, out, at);
      copy(words, target, words.length, out, at);
    } else {
      at = copy(words, 0, start, out, at);
      at = copy(words, start + length, length + target, out, at);
      at = copy(words, start, start + length, out, at);
      copy(words, length + target, words.length, out, at);
    }
    return out;
  }

  /** Python's {@code out += words[from:to]}, with slice bounds clamped as Python clamps them. */
  private static int copy(int[] words, int from, int to, int[] out, int at) {
    int end = Math.min(to, words.length);
    int begin = Math.min(from, end);
    System.arraycopy(words, begin, out, at, end - begin);
    return at + end - begin;
  }
}
