package dev.apprentice.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Spend grouped by one dimension since a point in time (null: since the beginning). Spend is kept per UTC day, so a
 * report counts whole days: from the start of the day {@code since} falls in ({@link #from()}).
 */
public record CostQuery(GroupBy groupBy, Instant since) {

  /** Where the report really begins: the start of the UTC day of {@code since}, or null for all days. */
  public Instant from() {
    return since == null ? null
        : LocalDate.ofInstant(since, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public enum GroupBy { MODEL, TENANT, KEY, DAY }
}
