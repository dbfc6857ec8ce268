package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * With a {@code tenants:} section, a key of a tenant it does not name would be held to no tenant limits: the admin API
 * refuses one unless asked for it by name.
 */
class UnconfiguredTenantKeysTest {

  private static final String ADMIN_KEY = "admin-key-for-tenant-tests";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      tenants:
        acme: { budget_usd_per_day: 1 }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ], price: { input_per_mtok: 1, output_per_mtok: 1 } }
      """, ADMIN_KEY, Clock.systemUTC());
  private final KeyedHttp http = gateway.http();

  @Test
  void aKeyOfATenantTheConfigDoesNotNameIsRefusedUnlessAllowedByName() {
    JsonNode error = assertError(http.post("/admin/keys", ADMIN_KEY, "{\"tenant\":\"acme2\"}"), 400,
        "invalid_request_error", null, "tenant");
    assertThat(error.path("message").asText()).startsWith("unknown tenant 'acme2' (did you mean 'acme'?)")
        .contains("allow_unconfigured_tenant");
    assertThat(http.get("/admin/keys", ADMIN_KEY).body()).doesNotContain("acme2");

    AdminClient admin = gateway.admin();
    assertThat(admin.createKey("{\"tenant\":\"acme\"}").path("tenant").asText()).isEqualTo("acme");
    assertThat(admin.createKey("{\"tenant\":\"acme2\",\"allow_unconfigured_tenant\":true}").path("tenant").asText())
        .isEqualTo("acme2");
  }
}
