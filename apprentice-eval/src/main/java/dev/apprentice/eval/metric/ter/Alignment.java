package dev.apprentice.eval.metric.ter;

/**
 * The alignment that sacreBLEU reads off an edit trace (with insertions and deletions swapped, as if the reference
 * were rewritten into the hypothesis): for each reference word the hypothesis position it aligns to, and which
 * words on either side are errors.
 */
final class Alignment {

  private final int[] hypPositionOf;
  private final int[] hypErrorsBefore;
  private final int[] refErrorsBefore;

  private Alignment(int[] hypPositionOf, int[] hypErrorsBefore, int[] refErrorsBefore) {
    this.hypPositionOf = hypPositionOf;
    this.hypErrorsBefore = hypErrorsBefore;
    this.refErrorsBefore = refErrorsBefore;
  }

  static Alignment of(byte[] trace, int hypLength, int refLength) {
    int[] align = new int[refLength];
    int[] hypErrors = new int[hypLength + 1];
    int[] refErrors = new int[refLength + 1];
    int posHyp = -1;
    int posRef = -1;
    for (byte operation : trace) {
      switch (operation) {
        case BeamEditDistance.NOP, BeamEditDistance.SUB -> {
          int error = operation == BeamEditDistance.SUB ? 1 : 0;
          posHyp++;
          posRef++;
          align[posRef] = posHyp;
          hypErrors[posHyp + 1] = hypErrors[posHyp] + error;
          refErrors[posRef + 1] = refErrors[posRef] + error;
        }
        case BeamEditDistance.DEL -> { // a hypothesis word without a reference word
          posHyp++;
          hypErrors[posHyp + 1] = hypErrors[posHyp] + 1;
        }
        case BeamEditDistance.INS -> { // a reference word without a hypothesis word
          posRef++;
          align[posRef] = posHyp;
          refErrors[posRef + 1] = refErrors[posRef] + 1;
        }
        default -> throw new IllegalStateException("unknown edit operation " + operation);
      }
    }
    return new Alignment(align, hypErrors, refErrors);
  }

  /** The hypothesis position aligned to a reference word (-1 before the first hypothesis word). */
  int hypPositionOf(int refPosition) {
    return hypPositionOf[refPosition];
  }

  /**
   * sacreBLEU's filter: a shift is worth trying only when the hypothesis words are not all correct, the reference
   * words at the target are not all matched, and the reference start does not align inside the words to move.
   */
  boolean worthShifting(int startH, int startR, int length) {
    if (hypErrorsBefore[startH + length] - hypErrorsBefore[startH] == 0) return false;
    if (refErrorsBefore[startR + length] - refErrorsBefore[startR] == 0) return false;
    int aligned = hypPositionOf[startR];
    return !(startH <= aligned && aligned < startH + length);
  }
}
