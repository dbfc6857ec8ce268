package dev.apprentice.eval.metric.bleu;

import java.util.ArrayList;
import java.util.List;

/** sacreBLEU's {@code BLEU.compute_bleu}: the score from its sufficient statistics, with smoothing. */
public final class BleuFormula {

  /** sacreBLEU's {@code my_log(0)}: a log that keeps a zero precision from raising. */
  private static final double LOG_ZERO = -9999999999.0;

  private BleuFormula() {}

  /**
   * The score of the statistics, computed as sacreBLEU does: 0 at once when no order has a match; the orders are
   * walked up to the first with no n-grams at all; with {@code effectiveOrder} the geometric mean stops at the
   * last order that had n-grams.
   *
   * @param smoothValue null for the method's default
   */
  public static BleuScore compute(BleuStatistics statistics, SmoothMethod method, Double smoothValue,
      boolean effectiveOrder, int maxOrder) {
    long[] correctCounts = statistics.correct();
    long[] totalCounts = statistics.total();
    if (correctCounts.length < maxOrder) {
      throw new IllegalArgumentException("statistics for " + correctCounts.length + " orders, max_ngram_order " + maxOrder);
    }
    double value = smoothValue != null ? smoothValue : method.defaultValue() == null ? 0.0 : method.defaultValue();
    long sysLen = statistics.sysLen();
    long refLen = statistics.refLen();
    double bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0) : 1.0;
    double[] precisions = new double[maxOrder];

    boolean anyMatch = false;
    for (int n = 0; n < maxOrder; n++) anyMatch |= correctCounts[n] != 0;
    if (!anyMatch) return new BleuScore(0.0, list(precisions), bp, sysLen, refLen);

    double smoothMteval = 1.0;
    int effOrder = maxOrder;
    for (int n = 1; n <= maxOrder; n++) {
      double correct = correctCounts[n - 1];
      double total = totalCounts[n - 1];
      if (method == SmoothMethod.ADD_K && n > 1) {
        correct += value;
        total += value;
      }
      if (total == 0) break;
      if (effectiveOrder) effOrder = n;
      if (correct == 0) {
        if (method == SmoothMethod.EXP) {
          smoothMteval *= 2;
          precisions[n - 1] = 100.0 / (smoothMteval * total);
        } else if (method == SmoothMethod.FLOOR) {
          precisions[n - 1] = 100.0 * value / total;
        }
      } else {
        precisions[n - 1] = 100.0 * correct / total;
      }
    }
    double logSum = 0;
    for (int n = 0; n < effOrder; n++) logSum += precisions[n] == 0.0 ? LOG_ZERO : Math.log(precisions[n]);
    return new BleuScore(bp * Math.exp(logSum / effOrder), list(precisions), bp, sysLen, refLen);
  }

  private static List<Double> list(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) list.add(v);
    return list;
  }
}
