package dev.apprentice.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Spend grouped by one dimension between two points in time (null: no bound on that side). Spend is kept per UTC day,
 * so a report counts whole days: from the start of the day {@code since} falls in ({@link #from()}) to the end of the
 * day {@code until} falls in, or to {@code until} itself when it is a day's start ({@link #to()}: {@code until}
 * 2026-11-01 ends the report with October).
 */
public record CostQuery(GroupBy groupBy, Instant since, Instant until) {

  /** A report without an end. */
  public CostQuery(GroupBy groupBy, Instant since) {
    this(groupBy, since, null);
  }

  /** Where the report really begins: the start of the UTC day of {@code since}, or null for all days. */
  public Instant from() {
    return since == null ? null : dayStart(since);
  }

  /**
   * Where the report really ends, exclusive: {@code until} when it is the start of a UTC day, else the start of the day
   * after the one it falls in; null for no end.
   */
  public Instant to() {
    if (until == null) return null;
    Instant start = dayStart(until);
    return start.equals(until) ? start : start.plusSeconds(86_400);
  }

  private static Instant dayStart(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).atTime(LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC);
  }

  public enum GroupBy { MODEL, TENANT, KEY, DAY }
}
