package dev.apprentice.guard.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * The detector's inputs for one piece of text: its sentence embedding ({@code emb.0} … ) followed by the lexical
 * signals ({@code lex.override} … ). Training and scoring build them the same way, here.
 */
final class InjectionFeatures {

  private final String[] names;
  private final int dimensions;

  InjectionFeatures(int dimensions) {
    this.dimensions = dimensions;
    List<String> all = new ArrayList<>(dimensions + LexicalSignals.SIGNALS.size());
    for (int i = 0; i < dimensions; i++) all.add("emb." + i);
    all.addAll(LexicalSignals.names());
    this.names = all.toArray(String[]::new);
  }

  /** Feature names, in the order of {@link #values}. Callers must not change the array. */
  String[] names() {
    return names;
  }

  int dimensions() {
    return dimensions;
  }

  double[] values(float[] embedding, String text) {
    if (embedding.length != dimensions) {
      throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, the detector " + dimensions);
    }
    double[] values = new double[names.length];
    for (int i = 0; i < dimensions; i++) values[i] = embedding[i];
    double[] signals = LexicalSignals.of(text);
    System.arraycopy(signals, 0, values, dimensions, signals.length);
    return values;
  }
}
