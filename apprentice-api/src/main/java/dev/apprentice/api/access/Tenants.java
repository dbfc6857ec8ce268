package dev.apprentice.api.access;

import java.util.List;
import java.util.Locale;

/**
 * Tenant names the gateway uses for itself, which no key and no {@code tenants:} entry may take: {@code admin} (the
 * admin key's) and {@code unauthenticated} (what traces of requests refused before a key was accepted carry, and what
 * those traces are rate-limited by). A client tenant of either name would mix its calls and spend with those in
 * traces, costs and metrics, and have its refusals rate-limited as anonymous ones. Matched ignoring case, so that
 * {@code Admin} cannot pass for the admin key's tenant in a table either.
 */
public final class Tenants {

  /** The tenant of the admin key. */
  public static final String ADMIN = "admin";
  /** The tenant recorded when the caller could not be identified. */
  public static final String UNAUTHENTICATED = "unauthenticated";
  public static final List<String> RESERVED = List.of(ADMIN, UNAUTHENTICATED);

  private Tenants() {}

  /** True for a name only the gateway may use, in any case. */
  public static boolean reserved(String name) {
    return name != null && RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Why {@code name} cannot be a client tenant, for an error message. */
  public static String whyReserved(String name) {
    return "'" + name + "' is reserved: traces and costs use '" + ADMIN + "' for the admin key and '" + UNAUTHENTICATED
        + "' for requests refused before a key was accepted (any case); choose another tenant name";
  }
}
