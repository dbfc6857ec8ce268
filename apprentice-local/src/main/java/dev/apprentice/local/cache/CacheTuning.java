package dev.apprentice.local.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Lucene cache trades freshness and bounds for speed.
 *
 * @param candidates          how many nearest neighbours the semantic search explores before taking the best
 * @param refreshInterval     how stale lookups may be: zero makes every store visible when it returns (a blocking
 *                            reopen per store), else a background thread reopens the index this often
 * @param maintenanceInterval how often expired entries are purged and models over their size are trimmed
 * @param evictionSlack       stores after which maintenance runs early, so a model exceeds its size by about this much
 * @param commitInterval      how often stores are made durable (they always are on close)
 * @param storeEmbedWait      how long the cache's writer waits for the embedding model when an answer's prompt must
 *                            be embedded on it (its lookup's embedding no longer remembered): past it the answer is
 *                            kept for exact matches only, so a long queue at the model cannot back the writer up
 */
public record CacheTuning(int candidates, Duration refreshInterval, Duration maintenanceInterval, int evictionSlack,
    Duration commitInterval, Duration storeEmbedWait) {

  public CacheTuning {
    if (candidates < 1) throw new IllegalArgumentException("candidates must be at least 1");
    if (evictionSlack < 1) throw new IllegalArgumentException("evictionSlack must be at least 1");
    requirePositive(maintenanceInterval, "maintenanceInterval");
    requirePositive(commitInterval, "commitInterval");
    requirePositive(storeEmbedWait, "storeEmbedWait");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    if (refreshInterval.isNegative()) throw new IllegalArgumentException("refreshInterval must not be negative");
  }

  /**
   * The defaults: 16 kNN candidates (the exhaustive nearest neighbour for 99.7% of Banking77 questions), a background
   * refresh every 100 ms (a blocking refresh per store cost 14 ms a store and long lookup tails in CacheLookupBench),
   * maintenance every second or after 1,000 stores, a commit every 10 seconds, and 5 seconds for an embedding made on
   * the writer.
   */
  public static CacheTuning defaults() {
    return new CacheTuning(16, Duration.ofMillis(100), Duration.ofSeconds(1), 1_000, Duration.ofSeconds(10),
        Duration.ofSeconds(5));
  }

  /** These settings with another refresh interval. */
  public CacheTuning withRefreshInterval(Duration interval) {
    return new CacheTuning(candidates, interval, maintenanceInterval, evictionSlack, commitInterval, storeEmbedWait);
  }

  /** These settings with another number of kNN candidates. */
  public CacheTuning withCandidates(int k) {
    return new CacheTuning(k, refreshInterval, maintenanceInterval, evictionSlack, commitInterval, storeEmbedWait);
  }

  /** These settings with another eviction slack. */
  public CacheTuning withEvictionSlack(int slack) {
    return new CacheTuning(candidates, refreshInterval, maintenanceInterval, slack, commitInterval, storeEmbedWait);
  }

  /** These settings with another wait for an embedding made on the writer. */
  public CacheTuning withStoreEmbedWait(Duration wait) {
    return new CacheTuning(candidates, refreshInterval, maintenanceInterval, evictionSlack, commitInterval, wait);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive");
  }
}
