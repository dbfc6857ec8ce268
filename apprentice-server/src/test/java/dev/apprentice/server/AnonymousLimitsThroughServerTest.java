package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Loopback calls without a key are booked to the {@code default} tenant, and held to its configured limits. */
class AnonymousLimitsThroughServerTest {

  /** Output at $0.001 a token, input free: a call reserves $0.01 (max_tokens 10) and costs $0.003 (three tokens). */
  private static final String MODELS = """
      providers:
        sim: { type: simulator }
      models:
        m:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 0, output_per_mtok: 1000 }
      """;
  private static final String CALL =
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";

  /** Started by each test, with its tenants. */
  @AutoClose
  private RunningGateway gateway;

  private RawHttp start(String tenants) {
    gateway = Gateways.running(MODELS + tenants, Gateways.ADMIN_KEY,
        Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));
    assertThat(gateway.server().anonymousAllowed()).isTrue();
    return new RawHttp(gateway.server());
  }

  @Test
  void anonymousCallsAreRefusedOnceTheDefaultTenantsDailyBudgetCannotCoverTheNext() {
    RawHttp http = start("tenants: { default: { budget_usd_per_day: 0.02 } }\n");

    for (int i = 0; i < 4; i++) assertThat(http.post("/v1/chat/completions", CALL).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = http.post("/v1/chat/completions", CALL);

    JsonNode error = assertError(refused, 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(error.path("message").asText()).contains("tenant 'default'");
  }

  @Test
  void anonymousCallsAreHeldToTheDefaultTenantsRpm() {
    RawHttp http = start("tenants: { default: { rpm: 2 }, other: { rpm: 100 } }\n");

    assertThat(http.post("/v1/chat/completions", CALL).statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", CALL).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = http.post("/v1/chat/completions", CALL);

    JsonNode error = assertError(refused, 429, "rate_limit_error", "rate_limit_exceeded", null);
    assertThat(error.path("message").asText()).contains("tenant 'default'");
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
  }
}
