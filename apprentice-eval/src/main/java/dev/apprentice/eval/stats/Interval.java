package dev.apprentice.eval.stats;

/** A confidence interval [low, high]. */
public record Interval(double low, double high) {

  public boolean contains(double value) {
    return value >= low && value <= high;
  }

  public boolean excludesZero() {
    return low > 0 || high < 0;
  }
}
