package dev.apprentice.gateway.limits;

/**
 * What a key spent on one UTC day, as the trace store totals it; {@link BudgetLedger#load} starts from these.
 *
 * @param keyId null for calls made without a key
 */
public record Spend(java.time.LocalDate day, String tenant, String keyId, double costUsd) {}
