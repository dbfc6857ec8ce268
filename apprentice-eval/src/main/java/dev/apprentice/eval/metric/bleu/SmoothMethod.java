package dev.apprentice.eval.metric.bleu;

import java.util.Arrays;
import java.util.stream.Collectors;

/** sacreBLEU's smoothing methods (Chen and Cherry, 2014) with their default values. */
public enum SmoothMethod {
  /** No smoothing: an order without matches makes BLEU 0. */
  NONE("none", null),
  /** Method 1: zero-match orders count {@code value} matches (default 0.1). */
  FLOOR("floor", 0.1),
  /** Method 2: {@code value} added to matches and totals of orders above 1 (default 1). */
  ADD_K("add-k", 1.0),
  /** Method 3, NIST's: the k-th zero-match order gets precision 1/(2^k total). sacreBLEU's default. */
  EXP("exp", null);

  private final String label;
  private final Double defaultValue;

  SmoothMethod(String label, Double defaultValue) {
    this.label = label;
    this.defaultValue = defaultValue;
  }

  public String label() {
    return label;
  }

  /** The value used when none is given; null for methods without one. */
  public Double defaultValue() {
    return defaultValue;
  }

  public static SmoothMethod named(String label) {
    for (SmoothMethod method : values()) {
      if (method.label.equals(label)) return method;
    }
    throw new IllegalArgumentException("smooth_method must be one of "
        + Arrays.stream(values()).map(SmoothMethod::label).collect(Collectors.joining(", ")) + "; got '" + label + "'");
  }
}
