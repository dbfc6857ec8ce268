package dev.apprentice.gateway.cost;

import dev.apprentice.api.trace.Tokens;

/**
 * What a model charges, in USD per million tokens of each kind.
 *
 * @param cachedInput prompt tokens read from the provider's prompt cache
 * @param cacheWrite  prompt tokens written to the provider's prompt cache
 * @param reasoning   hidden reasoning tokens (part of the output)
 */
public record Price(double input, double output, double cachedInput, double cacheWrite, double reasoning) {

  private static final double PER_TOKEN = 1e-6;

  /** A price where a missing cached or cache-write price is the input price, and a missing reasoning price the output's. */
  public static Price of(double input, double output, Double cachedInput, Double cacheWrite, Double reasoning) {
    return new Price(input, output, cachedInput == null ? input : cachedInput, cacheWrite == null ? input : cacheWrite,
        reasoning == null ? output : reasoning);
  }

  /**
   * What these tokens cost in USD. {@link Tokens#input()} includes cached and cache-write tokens and
   * {@link Tokens#output()} includes reasoning ones, so each is priced once at its own rate.
   */
  public double cost(Tokens t) {
    long plainInput = Math.max(0, (long) t.input() - t.cachedInput() - t.cacheWrite());
    long plainOutput = Math.max(0, (long) t.output() - t.reasoning());
    double usd = plainInput * input
        + Math.max(0, t.cachedInput()) * cachedInput
        + Math.max(0, t.cacheWrite()) * cacheWrite
        + plainOutput * output
        + Math.max(0, t.reasoning()) * reasoning;
    return usd * PER_TOKEN;
  }

  /** The most {@code tokensIn} prompt and {@code tokensOut} completion tokens can cost, whatever mix they turn out to be. */
  public double worstCase(int tokensIn, int tokensOut) {
    double in = Math.max(input, Math.max(cachedInput, cacheWrite));
    double out = Math.max(output, reasoning);
    return (Math.max(0, tokensIn) * in + Math.max(0, tokensOut) * out) * PER_TOKEN;
  }
}
