package dev.apprentice.gateway.limits;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import java.time.Instant;
import java.util.Set;

/** Callers with keys and limits for limit tests. */
final class Callers {

  private Callers() {}

  static Caller caller(String keyId, String tenant, Limits keyLimits, Limits tenantLimits) {
    return caller(keyId, tenant, keyLimits, tenantLimits, Set.of());
  }

  static Caller caller(String keyId, String tenant, Limits keyLimits, Limits tenantLimits, Set<String> models) {
    ApiKey key = new ApiKey(keyId, ApiKey.Role.CLIENT, tenant, keyId, "0".repeat(64), models, keyLimits,
        Instant.EPOCH, null);
    return Caller.of(key, tenantLimits);
  }

  static Limits rpm(int rpm) {
    return new Limits(rpm, null, null, null);
  }

  static Limits tpm(int tpm) {
    return new Limits(null, tpm, null, null);
  }

  static Limits perDay(double usd) {
    return new Limits(null, null, usd, null);
  }

  static Limits perMonth(double usd) {
    return new Limits(null, null, null, usd);
  }
}
