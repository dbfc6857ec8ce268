package dev.apprentice.cli.eval;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Tenants;
import dev.apprentice.cli.BadInput;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.server.access.ClientTenants;
import dev.apprentice.server.access.Keys;

/**
 * Who an evaluation run calls the in-process gateway as, so that the limits and budgets that hold back a tenant's
 * HTTP calls hold back its evaluation runs too (they spend real money on real models). With a client key
 * ({@code --api-key}): that key, held to its own limits and its tenant's. With {@code --tenant T}: tenant T, without
 * a key. With neither: the {@code default} tenant, as an unauthenticated loopback call is.
 *
 * @param apiKey the client key's secret, or null
 * @param tenant the tenant to book the calls to without a key, or null for {@code default}
 */
record RunCaller(String apiKey, String tenant) {

  /**
   * Bad input, before the gateway starts, for a {@code --tenant} that a key could not be created for either
   * ({@link ClientTenants}): not a tenant name, a reserved one, or one the config's {@code tenants:} section does not
   * name (its calls would be held to no tenant limits or budget), with the closest name it does. {@code default}, what
   * a run without {@code --tenant} is booked to, is taken.
   */
  void checkTenant(ApprenticeConfig config) {
    if (tenant == null || tenant.equals(Caller.DEFAULT_TENANT)) return;
    if (!ClientTenants.wellFormed(tenant)) {
      throw new BadInput("--tenant: a tenant name is " + ClientTenants.SHAPE + "; got '" + tenant + "'");
    }
    if (Tenants.reserved(tenant)) throw new BadInput("--tenant: " + Tenants.whyReserved(tenant));
    String unconfigured = ClientTenants.unconfigured(tenant, config.limits().tenants().keySet());
    if (unconfigured != null) {
      throw new BadInput("--tenant: " + unconfigured + ", and calls of any other tenant are held to no tenant limits"
          + " or budget: name one of them, or add the tenant to the config's tenants: section");
    }
  }

  /** The caller in the data directory whose keys are {@code keys}; a key that is not an active client key is bad input. */
  Caller resolve(ApprenticeConfig config, Keys keys) {
    if (apiKey != null) {
      ApiKey key = keys.matching(apiKey).filter(k -> k.role() == ApiKey.Role.CLIENT).orElseThrow(() -> new BadInput(
          "--api-key: not an active client key of the data directory " + config.dataDir() + " (see 'apprentice keys "
              + "list')"));
      if (keys.expired(key)) {
        throw new BadInput("--api-key: the key '" + key.id() + "' expired at " + key.expiresAt() + " (see 'apprentice"
            + " keys list'; create a new one with 'apprentice keys create')");
      }
      return Caller.of(key, config.limits().tenant(key.tenant()));
    }
    String booked = tenant == null ? Caller.DEFAULT_TENANT : tenant;
    return new Caller(null, booked, config.limits().tenant(booked));
  }
}
