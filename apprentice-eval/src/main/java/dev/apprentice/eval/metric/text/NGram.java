package dev.apprentice.eval.metric.text;

import java.util.Arrays;

/** An n-gram as a window over an int array (token ids or code points); equal when the windows hold equal values. */
public final class NGram {

  private final int[] values;
  private final int from;
  private final int length;
  private final int hash;

  public NGram(int[] values, int from, int length) {
    this.values = values;
    this.from = from;
    this.length = length;
    int h = length;
    for (int i = from; i < from + length; i++) h = 31 * h + values[i];
    this.hash = h;
  }

  public int length() {
    return length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NGram that && that.hash == hash && that.length == length
        && Arrays.equals(values, from, from + length, that.values, that.from, that.from + length);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
