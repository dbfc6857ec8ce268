package dev.apprentice.eval.metric.ter;

import java.util.Arrays;

/**
 * sacreBLEU's edit distance for TER: Levenshtein distance to one reference, computed only in a beam around the
 * length-scaled diagonal, with Tercom's preference among equal-cost operations, and the trace of operations. It is
 * asked about many shifted versions of one hypothesis (all the same length), so it keeps the rows of the last
 * hypothesis and recomputes only from the first word that differs.
 */
final class BeamEditDistance {

  static final byte NOP = 0;
  static final byte SUB = 1;
  /** A reference word with no hypothesis word (the hypothesis needs it inserted). */
  static final byte INS = 2;
  /** A hypothesis word with no reference word (the hypothesis needs it deleted). */
  static final byte DEL = 3;
  private static final byte UNDEFINED = 4;

  private static final int BEAM_WIDTH = 25;
  private static final long INFINITY = 10_000_000_000_000_000L;

  private final int[] ref;
  private final int hypLength;
  private final double lengthRatio;
  private final int beamWidth;
  private final long[][] cost;
  private final byte[][] op;
  private final int[] rowsFor;
  private int validRows;

  BeamEditDistance(int[] ref, int hypLength) {
    this.ref = ref;
    this.hypLength = hypLength;
    this.lengthRatio = hypLength > 0 ? (double) ref.length / hypLength : 1;
    this.beamWidth = BEAM_WIDTH < lengthRatio / 2 ? (int) Math.ceil(lengthRatio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
    this.cost = new long[hypLength + 1][ref.length + 1];
    this.op = new byte[hypLength + 1][ref.length + 1];
    this.rowsFor = new int[hypLength];
    for (int j = 0; j <= ref.length; j++) {
      cost[0][j] = j;
      op[0][j] = INS;
    }
  }

  /** The edit distance of {@code hyp} (of the length given at construction) to the reference. */
  int distance(int[] hyp) {
    int same = 0;
    while (same < validRows && hyp[same] == rowsFor[same]) same++;
    for (int i = same + 1; i <= hypLength; i++) {
      rowsFor[i - 1] = hyp[i - 1];
      computeRow(i, hyp[i - 1]);
    }
    validRows = hypLength;
    return (int) cost[hypLength][ref.length];
  }

  private void computeRow(int i, int word) {
    long[] row = cost[i];
    long[] above = cost[i - 1];
    byte[] rowOp = op[i];
    Arrays.fill(row, INFINITY);
    Arrays.fill(rowOp, UNDEFINED);
    int diagonal = (int) Math.floor(i * lengthRatio);
    int minJ = Math.max(0, diagonal - beamWidth);
    int maxJ = i == hypLength ? ref.length + 1 : Math.min(ref.length + 1, diagonal + beamWidth);
    for (int j = minJ; j < maxJ; j++) {
      if (j == 0) {
        row[0] = above[0] + 1;
        rowOp[0] = DEL;
        continue;
      }
      boolean match = word == ref[j - 1];
      long viaDiagonal = above[j - 1] + (match ? 0 : 1);
      if (row[j] > viaDiagonal) {
        row[j] = viaDiagonal;
        rowOp[j] = match ? NOP : SUB;
      }
      long viaDelete = above[j] + 1;
      if (row[j] > viaDelete) {
        row[j] = viaDelete;
        rowOp[j] = DEL;
      }
      long viaInsert = row[j - 1] + 1;
      if (row[j] > viaInsert) {
        row[j] = viaInsert;
        rowOp[j] = INS;
      }
    }
  }

  /** The operations, first to last, that turn the hypothesis last given to {@link #distance} into the reference. */
  byte[] trace() {
    byte[] reversed = new byte[hypLength + ref.length];
    int length = 0;
    int i = hypLength;
    int j = ref.length;
    while (i > 0 || j > 0) {
      byte operation = op[i][j];
      reversed[length++] = operation;
      switch (operation) {
        case NOP, SUB -> {
          i--;
          j--;
        }
        case INS -> j--;
        case DEL -> i--;
        default -> throw new IllegalStateException("edit distance trace left the beam at " + i + "," + j);
      }
    }
    byte[] trace = new byte[length];
    for (int k = 0; k < length; k++) trace[k] = reversed[length - 1 - k];
    return trace;
  }
}
