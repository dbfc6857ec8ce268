package dev.apprentice.store;

import java.time.Instant;

/**
 * A filter over traces; null fields do not filter.
 *
 * @param status {@code ok} (2xx without error), {@code error} (anything else) or an HTTP status such as {@code 429}
 */
public record TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status) {

  public static final int DEFAULT_LIMIT = 50;

  public static TraceQuery all() {
    return new TraceQuery(null, null, null, null, null, null);
  }

  public int limitOrDefault() {
    return limit == null ? DEFAULT_LIMIT : limit;
  }
}
