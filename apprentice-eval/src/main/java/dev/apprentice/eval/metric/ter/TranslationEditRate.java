package dev.apprentice.eval.metric.ter;

/** sacreBLEU's {@code translation_edit_rate}: shifts while they lower the edit distance, then counts the edits. */
final class TranslationEditRate {

  /** The edits (shifts plus insertions, deletions and substitutions) and the reference length. */
  record Edits(int edits, int refLength) {}

  private TranslationEditRate() {}

  static Edits of(int[] hyp, int[] ref) {
    if (ref.length == 0) return new Edits(hyp.length, 0);
    BeamEditDistance editDistance = new BeamEditDistance(ref, hyp.length);
    int shifts = 0;
    int[] words = hyp;
    int checked = 0;
    while (true) {
      ShiftSearch.Shift shift = ShiftSearch.best(words, ref, editDistance, checked);
      checked = shift.checkedCandidates();
      if (checked >= ShiftSearch.MAX_SHIFT_CANDIDATES || shift.gain() <= 0) break;
      shifts++;
      words = shift.words();
    }
    return new Edits(shifts + editDistance.distance(words), ref.length);
  }
}
