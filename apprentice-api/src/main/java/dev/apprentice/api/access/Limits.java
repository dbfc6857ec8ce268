package dev.apprentice.api.access;

/**
 * Usage limits of a key or a tenant; a null field means no limit.
 *
 * @param rpm                requests per minute
 * @param tpm                tokens (input + output) per minute
 * @param budgetUsdPerDay    spend per UTC day
 * @param budgetUsdPerMonth  spend per UTC calendar month
 * @param maxConcurrent      calls in flight at once (a stream counts until it ends)
 */
public record Limits(Integer rpm, Integer tpm, Double budgetUsdPerDay, Double budgetUsdPerMonth,
    Integer maxConcurrent) {

  public static final Limits NONE = new Limits(null, null, null, null, null);

  /** Limits without a bound on calls in flight. */
  public Limits(Integer rpm, Integer tpm, Double budgetUsdPerDay, Double budgetUsdPerMonth) {
    this(rpm, tpm, budgetUsdPerDay, budgetUsdPerMonth, null);
  }

  public boolean isNone() {
    return rpm == null && tpm == null && budgetUsdPerDay == null && budgetUsdPerMonth == null && maxConcurrent == null;
  }

  public boolean hasBudget() {
    return budgetUsdPerDay != null || budgetUsdPerMonth != null;
  }
}
