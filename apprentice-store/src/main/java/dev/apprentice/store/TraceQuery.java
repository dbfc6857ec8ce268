package dev.apprentice.store;

import java.time.Instant;

/**
 * A filter over traces; null fields do not filter.
 *
 * @param limit  the most traces {@link TraceStore#list} returns ({@value #DEFAULT_LIMIT} when null, at most
 *               {@value #MAX_LIMIT}); {@link TraceStore#export} applies it only when set
 * @param since  earliest start time, inclusive
 * @param status {@code ok} (status 200 without error code), {@code error} (anything else) or an HTTP status such as
 *               {@code 429}; any other value is refused with an IllegalArgumentException
 * @param prompt calls made with a registered prompt: {@code name} (any version) or {@code name@3}
 * @param tag    calls carrying this tag (exact, case-sensitive)
 * @param until  latest start time, exclusive
 * @param operation {@code chat} or {@code embeddings}; any other value is refused with an IllegalArgumentException
 */
public record TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status,
    String prompt, String tag, Instant until, String operation) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;

  /** A filter over calls of every operation. */
  public TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status,
      String prompt, String tag, Instant until) {
    this(limit, model, tenant, keyId, since, status, prompt, tag, until, null);
  }

  /** A filter by the fields every trace has. */
  public TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status) {
    this(limit, model, tenant, keyId, since, status, null, null, null, null);
  }

  public static TraceQuery all() {
    return new TraceQuery(null, null, null, null, null, null);
  }

  public int limitOrDefault() {
    return limit == null ? DEFAULT_LIMIT : limit;
  }
}
