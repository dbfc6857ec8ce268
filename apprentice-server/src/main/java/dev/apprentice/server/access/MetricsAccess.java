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
  private final Keys keys;

  /** @param metricsKey the key {@code /metrics} asks for; null: none */
  public MetricsAccess(String metricsKey, AdminKey admin, Keys keys) {
    this.keyHash = metricsKey == null ? null : KeySecrets.hash(metricsKey);
    this.admin = admin;
    this.keys = keys;
  }

  /**
   * Passes when the metrics are open or the metrics key or admin key is presented: 401 without a key or with one that
   * is unknown or revoked, 403 with a client key, as the admin API answers ({@link BearerCheck}).
   */
  public void require(String authorization) {
    if (keyHash == null) return;
    BearerCheck.require(authorization, presented -> KeySecrets.matches(presented, keyHash) || admin.matches(presented),
        keys, "The metrics need a key (server.metrics_key): send 'Authorization: Bearer <metrics key>'.",
        "Invalid API key: unknown or revoked; the metrics need server.metrics_key or the admin key.",
        "This key may not read the metrics; they need server.metrics_key or the admin key.");
  }
}
