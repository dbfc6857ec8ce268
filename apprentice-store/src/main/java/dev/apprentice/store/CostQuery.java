package dev.apprentice.store;

import java.time.Instant;

/** Spend grouped by one dimension since a point in time (null: since the beginning). */
public record CostQuery(GroupBy groupBy, Instant since) {

  public enum GroupBy { MODEL, TENANT, KEY, DAY }
}
