package dev.apprentice.gateway.config;

import dev.apprentice.api.access.Limits;
import java.util.Map;

/**
 * Limits that come from config: per-tenant limits ({@code tenants:}; those of {@code default} also hold anonymous
 * callers) and how many output tokens a budget or TPM reservation holds, and the call is capped at upstream, when a
 * request sets no {@code max_tokens} ({@code limits.reserve_output_tokens}).
 */
public record LimitSettings(Map<String, Limits> tenants, int reserveOutputTokens) {

  public static final int DEFAULT_RESERVE_OUTPUT_TOKENS = 4096;

  public LimitSettings {
    tenants = Map.copyOf(tenants);
  }

  public static LimitSettings defaults() {
    return new LimitSettings(Map.of(), DEFAULT_RESERVE_OUTPUT_TOKENS);
  }

  /** A tenant's limits; none when the tenant is not configured. */
  public Limits tenant(String name) {
    return tenants.getOrDefault(name, Limits.NONE);
  }
}
