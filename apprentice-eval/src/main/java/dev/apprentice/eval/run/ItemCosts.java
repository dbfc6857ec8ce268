package dev.apprentice.eval.run;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one variant's answered items cost, to bound what its next item may cost.
 *
 * <p>A call costs its input tokens times an input price plus its output tokens times an output price (both unknown
 * here, both at least 0), so an item whose input is {@code ri} times and whose output is at most {@code ro} times
 * those of an answered item costs at most {@code max(ri, ro)} times what that item cost. The next item's input is
 * estimated from its prompt's length at the densest tokens-per-character seen, and its output is at most its
 * {@code max_tokens}; without {@code max_tokens} the output is assumed to be at most twice the longest answer seen
 * (an estimate, not a bound). The bound is the smallest such multiple over the answered items. Judging is assumed to
 * scale the same way. Not thread-safe: {@link Spend} guards it.
 */
final class ItemCosts {

  private record Answered(double usd, int promptChars, int inputTokens, int outputTokens) {}

  private final List<Answered> answered = new ArrayList<>();
  private double tokensPerChar;
  private int longestAnswer;

  /** An item of the variant succeeded with this shape and cost (call and judging). */
  void add(ItemShape shape, ItemResult result) {
    answered.add(new Answered(result.totalCostUsd(), shape.promptChars(), result.inputTokens(),
        result.outputTokens()));
    if (result.inputTokens() > 0 && shape.promptChars() > 0) {
      tokensPerChar = Math.max(tokensPerChar, result.inputTokens() / (double) shape.promptChars());
    }
    longestAnswer = Math.max(longestAnswer, result.outputTokens());
  }

  /** The most an item of this shape may cost, or empty while no item of the variant has been answered. */
  OptionalDouble bound(ItemShape shape) {
    if (answered.isEmpty()) return OptionalDouble.empty();
    double best = Double.POSITIVE_INFINITY;
    for (Answered a : answered) best = Math.min(best, a.usd() * Math.max(inputRatio(a, shape), outputRatio(a, shape)));
    return OptionalDouble.of(best);
  }

  private double inputRatio(Answered a, ItemShape shape) {
    if (a.inputTokens() > 0 && tokensPerChar > 0) return tokensPerChar * shape.promptChars() / a.inputTokens();
    return shape.promptChars() / (double) Math.max(1, a.promptChars());
  }

  private double outputRatio(Answered a, ItemShape shape) {
    if (a.outputTokens() <= 0) return 2;
    double most = shape.maxTokens() != null ? shape.maxTokens() : 2.0 * longestAnswer;
    return most / a.outputTokens();
  }
}
