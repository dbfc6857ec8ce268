package dev.apprentice.gateway.config;

/**
 * How many retries each target may get ({@code retry_budget:}): over ten seconds, at most {@code ratio} of its calls
 * plus {@code minPerSecond} per second; past that a failed try fails over instead of retrying.
 */
public record RetryBudgetSettings(boolean enabled, double ratio, double minPerSecond) {

  public static RetryBudgetSettings defaults() {
    return new RetryBudgetSettings(true, 0.2, 10);
  }
}
