package dev.apprentice.gateway.config;

import dev.apprentice.api.access.Limits;
import java.util.Map;

/**
 * Limits that come from config: per-tenant limits ({@code tenants:}; those of {@code default} also hold anonymous
 * callers), how many output tokens a budget or TPM reservation holds, and the call is capped at upstream, when a
 * request sets no {@code max_tokens} ({@code limits.reserve_output_tokens}), and whether a caller under a budget is
 * refused a model that has a target nothing prices ({@code limits.unpriced: refuse}, the default, or {@code allow}).
 */
public record LimitSettings(Map<String, Limits> tenants, int reserveOutputTokens, boolean refuseUnpriced) {

  public static final int DEFAULT_RESERVE_OUTPUT_TOKENS = 4096;
  public static final String UNPRICED_REFUSE = "refuse";
  public static final String UNPRICED_ALLOW = "allow";

  public LimitSettings {
    tenants = Map.copyOf(tenants);
  }

  public static LimitSettings defaults() {
    return new LimitSettings(Map.of(), DEFAULT_RESERVE_OUTPUT_TOKENS, true);
  }

  /** {@code limits.unpriced} as the config spells it. */
  public String unpriced() {
    return refuseUnpriced ? UNPRICED_REFUSE : UNPRICED_ALLOW;
  }

  /** A tenant's limits; none when the tenant is not configured. */
  public Limits tenant(String name) {
    return tenants.getOrDefault(name, Limits.NONE);
  }
}
