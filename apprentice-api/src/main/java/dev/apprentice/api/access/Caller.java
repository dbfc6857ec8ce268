package dev.apprentice.api.access;

import java.util.Objects;

/**
 * Who is making a call, as the gateway sees it after authentication: the key (null when anonymous) and the limits
 * of its tenant.
 */
public record Caller(ApiKey key, String tenant, Limits tenantLimits) {

  public static final String DEFAULT_TENANT = "default";

  /**
   * A caller without a key or limits, for calls made inside the process (tests, in-process evaluation). The server
   * holds its unauthenticated loopback callers to the {@code default} tenant's configured limits instead.
   */
  public static final Caller ANONYMOUS = new Caller(null, DEFAULT_TENANT, Limits.NONE);

  public Caller {
    Objects.requireNonNull(tenant, "tenant");
    tenantLimits = tenantLimits == null ? Limits.NONE : tenantLimits;
  }

  public static Caller of(ApiKey key, Limits tenantLimits) {
    return new Caller(key, key.tenant(), tenantLimits);
  }

  public String keyId() {
    return key == null ? null : key.id();
  }

  public Limits keyLimits() {
    return key == null ? Limits.NONE : key.limits();
  }

  public boolean allows(String model) {
    return key == null || key.allows(model);
  }
}
