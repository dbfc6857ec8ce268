package dev.apprentice.eval.metric;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A number as the {@code metrics} command and the JSON run report write it: to 12 significant digits, so that floating-point noise in the last bits
 * ({@code 100.00000000000004} for a perfect BLEU) is not printed as if it meant something. Twelve digits keep far more
 * than any metric's meaning and than the reference implementations agree to; the metric's own value is not changed.
 */
public final class ScoreDigits {

  public static final int SIGNIFICANT = 12;
  private static final MathContext DIGITS = new MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN);

  private ScoreDigits() {}

  /** The value to 12 significant digits; NaN and the infinities as they are. */
  public static double rounded(double value) {
    if (!Double.isFinite(value) || value == 0) return value;
    return new BigDecimal(value).round(DIGITS).doubleValue();
  }
}
