package dev.apprentice.server.access;

/**
 * Who may read {@code /metrics}. Open by default, so that a Prometheus scraper needs no setup on a network only
 * operators reach; with {@code server.metrics_key} set it needs that key, or the admin key, as a bearer token — the
 * metrics carry tenant names and spend. A key of its own rather than the admin key alone: a scraper's config should
 * not hold a key that can create and revoke keys.
 */
public final class MetricsAccess {

  private final String keyHash;
  private final AdminKey admin;

  /** @param metricsKey the key {@code /metrics} asks for; null: none */
  public MetricsAccess(String metricsKey, AdminKey admin) {
    this.keyHash = metricsKey == null ? null : KeySecrets.hash(metricsKey);
    this.admin = admin;
  }

  /** Passes when the metrics are open or the metrics key or admin key is presented: 401 without a key, 403 with another. */
  public void require(String authorization) {
    if (keyHash == null) return;
    BearerCheck.require(authorization, presented -> KeySecrets.matches(presented, keyHash) || admin.matches(presented),
        "The metrics need a key (server.metrics_key): send 'Authorization: Bearer <metrics key>'.",
        "This key may not read the metrics; they need server.metrics_key or the admin key.");
  }
}
