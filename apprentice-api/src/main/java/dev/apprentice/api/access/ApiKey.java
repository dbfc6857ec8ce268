package dev.apprentice.api.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A key as stored: never its secret, only the secret's SHA-256 hash. The full key a client presents is
 * {@code ak-<id>-<secret>}.
 *
 * @param id         public id (part of the key, safe to log)
 * @param role       {@link Role#CLIENT} for model calls, {@link Role#ADMIN} for the admin API
 * @param tenant     the tenant the key's calls are accounted to
 * @param name       a human label
 * @param secretHash lower-case hex SHA-256 of the secret part
 * @param models     model aliases the key may call; empty means every model
 * @param limits     the key's own limits
 * @param createdAt  creation time
 * @param revokedAt  revocation time, null while the key is active
 * @param expiresAt  when the key stops being accepted, null for never
 */
public record ApiKey(String id, Role role, String tenant, String name, String secretHash, Set<String> models,
    Limits limits, Instant createdAt, Instant revokedAt, Instant expiresAt) {

  public enum Role { CLIENT, ADMIN }

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(createdAt, "createdAt");
    models = models == null ? Set.of() : Set.copyOf(models);
    limits = limits == null ? Limits.NONE : limits;
  }

  /** A key that never expires. */
  public ApiKey(String id, Role role, String tenant, String name, String secretHash, Set<String> models,
      Limits limits, Instant createdAt, Instant revokedAt) {
    this(id, role, tenant, name, secretHash, models, limits, createdAt, revokedAt, null);
  }

  /** Not revoked (an expired key is still active: it is refused for its expiry, see {@link #expiredAt}). */
  public boolean active() {
    return revokedAt == null;
  }

  /** True once {@code now} is at or past the key's expiry. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public boolean allows(String model) {
    return models.isEmpty() || models.contains(model);
  }

  public ApiKey revoked(Instant at) {
    return new ApiKey(id, role, tenant, name, secretHash, models, limits, createdAt, at, expiresAt);
  }
}
