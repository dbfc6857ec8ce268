package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A key with {@code expires_at} is served until then and refused from then on as an unknown key is (401
 * {@code invalid_api_key}), with a message that says it expired; the admin API lists it as {@code expired}.
 */
class KeyExpiryThroughServerTest {

  private final ManualClock clock = new ManualClock("2026-03-10T12:00:00Z");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """, Gateways.ADMIN_KEY, clock);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void aKeyIsServedUntilItsExpiryAndRefusedFromThenOnSayingItExpired() {
    JsonNode created = admin.createKey("{\"tenant\":\"acme\",\"expires_at\":\"2026-03-10T15:00:00+02:00\"}");
    String key = created.path("key").asText();
    assertThat(created.path("expires_at").asText()).as("kept in UTC").isEqualTo("2026-03-10T13:00:00Z");
    assertThat(created.path("state").asText()).isEqualTo("active");
    clock.advance(Duration.ofMinutes(59));
    assertThat(http.chat(key, "echo", "hello").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(1));
    HttpResponse<String> refused = http.chat(key, "echo", "hello");

    assertError(refused, 401, "authentication_error", "invalid_api_key", null);
    assertThat(message(refused)).isEqualTo("Invalid API key: key '" + created.path("id").asText()
        + "' expired at 2026-03-10T13:00:00Z; ask for a new key (apprentice keys create).");
    List<JsonNode> listed = AdminClient.list(RawHttp.json(admin.get("/admin/keys").body()).path("data"));
    assertThat(listed).extracting(k -> k.path("state").asText()).containsExactly("expired");
  }

  @Test
  void anExpiredKeyPresentedWithTheWrongSecretIsRefusedAsAnUnknownOneWithoutSayingItExpired() {
    String key = admin.newKey("{\"tenant\":\"acme\",\"expires_at\":\"2026-03-10T13:00:00Z\"}");
    clock.advance(Duration.ofHours(2));
    String wrongSecret = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");

    HttpResponse<String> refused = http.chat(wrongSecret, "echo", "hello");

    assertError(refused, 401, "authentication_error", "invalid_api_key", null);
    assertThat(message(refused)).isEqualTo("Invalid API key: unknown or revoked.");
  }

  @Test
  void anExpiryInThePastIsRefusedNamingTheField() {
    HttpResponse<String> refused = http.post("/admin/keys", Gateways.ADMIN_KEY,
        "{\"tenant\":\"acme\",\"expires_at\":\"2026-03-10T11:00:00Z\"}");

    assertError(refused, 400, "invalid_request_error", null, "expires_at");
    assertThat(message(refused)).isEqualTo(
        "'expires_at' must be in the future; got 2026-03-10T11:00:00Z, and it is now 2026-03-10T12:00:00Z");
  }

  private static String message(HttpResponse<String> error) {
    return RawHttp.json(error.body()).path("error").path("message").asText();
  }
}
