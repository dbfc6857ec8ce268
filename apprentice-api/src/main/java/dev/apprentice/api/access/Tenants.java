package dev.apprentice.api.access;

import dev.apprentice.api.trace.MetricLabels;
import java.util.List;

/**
 * Tenant names the gateway uses for itself, which no key and no {@code tenants:} entry may take: {@code admin} (the
 * admin key's), {@code unauthenticated} (what traces of requests refused before a key was accepted carry, and what
 * those traces are rate-limited by) and {@code none} (the {@code tenant} label {@code /metrics} gives requests refused
 * before they became a call). A client tenant of one of these names would mix its calls and spend with those in
 * traces, costs and metrics, and have its refusals rate-limited as anonymous ones. Matched ignoring case, so that
 * {@code Admin} cannot pass for the admin key's tenant in a table either.
 */
public final class Tenants {

  /** The tenant of the admin key. */
  public static final String ADMIN = "admin";
  /** The tenant recorded when the caller could not be identified. */
  public static final String UNAUTHENTICATED = "unauthenticated";
  public static final List<String> RESERVED = List.of(ADMIN, UNAUTHENTICATED, MetricLabels.NONE);

  private Tenants() {}

  /** True for a name only the gateway may use, in any case. */
  public static boolean reserved(String name) {
    return MetricLabels.isOneOf(name, RESERVED);
  }

  /** Why {@code name} cannot be a client tenant, for an error message. */
  public static String whyReserved(String name) {
    return "'" + name + "' is reserved: traces and costs use '" + ADMIN + "' for the admin key and '" + UNAUTHENTICATED
        + "' for requests refused before a key was accepted, and /metrics '" + MetricLabels.NONE + "' for those refused"
        + " before they became a call (any case); choose another tenant name";
  }
}
