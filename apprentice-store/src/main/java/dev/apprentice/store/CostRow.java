package dev.apprentice.store;

/**
 * One group of a cost report.
 *
 * @param group the group's value: model alias, tenant, key id ({@code anonymous} when none) or UTC day
 *              ({@code 2026-11-23})
 */
public record CostRow(String group, long calls, long inputTokens, long outputTokens, double costUsd,
    long estimatedCalls) {}
