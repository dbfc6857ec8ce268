package dev.apprentice.cli.eval;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import dev.apprentice.cli.BadInput;
import dev.apprentice.gateway.config.ApprenticeConfig;
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

  /** The caller in the data directory whose keys are {@code keys}; a key that is not an active client key is bad input. */
  Caller resolve(ApprenticeConfig config, Keys keys) {
    if (apiKey != null) {
      ApiKey key = keys.verify(apiKey).filter(k -> k.role() == ApiKey.Role.CLIENT).orElseThrow(() -> new BadInput(
          "--api-key: not an active client key of the data directory " + config.dataDir() + " (see 'apprentice keys "
              + "list')"));
      return Caller.of(key, config.limits().tenant(key.tenant()));
    }
    String booked = tenant == null ? Caller.DEFAULT_TENANT : tenant;
    return new Caller(null, booked, config.limits().tenant(booked));
  }
}
