package dev.apprentice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KNOWN = Set.of("alpha", "beta");
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  private static ObjectNode body() {
    return JSON.createObjectNode().put("tenant", "acme");
  }

  private static KeyRequest read(JsonNode body) {
    return KeyRequest.read(body, KNOWN, Set.of(), NOW);
  }

  private static GatewayException refusal(JsonNode body, Set<String> tenants) {
    try {
      KeyRequest.read(body, KNOWN, tenants, NOW);
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("expected a refusal of " + body);
  }

  private static void assertRefusedNaming(JsonNode body, String param) {
    assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.param()).isEqualTo(param));
  }

  @Test
  void anExpiryIsReadAsAnRfc3339TimeWithItsOffsetAndKeptInUtc() {
    assertThat(read(body().put("expires_at", "2026-06-01T02:00:00+02:00")).expiresAt())
        .isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(read(body().put("expires_at", "2026-06-01T00:00:00.1234Z")).expiresAt()).as("to the millisecond")
        .isEqualTo(Instant.parse("2026-06-01T00:00:00.123Z"));
    assertThat(read(body()).expiresAt()).as("never").isNull();
  }

  @Test
  void anExpiryThatIsNotAnRfc3339TimeWithItsOffsetIsRefusedNamingIt() {
    String shape = "'expires_at' must be an RFC 3339 time with its offset, such as 2026-12-31T23:59:59Z; got ";
    assertThat(refusal(body().put("expires_at", "2026-06-01T00:00:00"), Set.of()).getMessage())
        .isEqualTo(shape + "'2026-06-01T00:00:00'");
    assertThat(refusal(body().put("expires_at", "90d"), Set.of()).getMessage()).isEqualTo(shape + "'90d'");
    assertThat(refusal(body().put("expires_at", 1767225599), Set.of()).getMessage()).isEqualTo(shape + "1767225599");
    assertThat(refusal(body().put("expires_at", "90d"), Set.of()).param()).isEqualTo("expires_at");
    assertThat(refusal(body().put("expires_at", "+999999999-12-31T00:00:00Z"), Set.of()).getMessage())
        .as("a year past 9999, which no store could keep").isEqualTo(shape + "'+999999999-12-31T00:00:00Z'");
  }

  @Test
  void anExpiryThatIsNotInTheFutureIsRefused() {
    assertThat(refusal(body().put("expires_at", "2026-03-10T12:00:00Z"), Set.of()).getMessage())
        .isEqualTo("'expires_at' must be in the future; got 2026-03-10T12:00:00Z, and it is now 2026-03-10T12:00:00Z");
  }

  @Test
  void aKeysBoundOnCallsInFlightIsAWholeNumberFromOne() {
    assertThat(read(body().put("max_concurrent", 3)).limits().maxConcurrent()).isEqualTo(3);
    assertThat(read(body().put("max_concurrent", 3)).limits().isNone()).isFalse();
    assertThat(refusal(body().put("max_concurrent", 0), Set.of()).getMessage())
        .isEqualTo("'max_concurrent' must be a whole number from 1 to 2147483647");
    assertThat(refusal(body().put("max_concurrent", 1.5), Set.of()).param()).isEqualTo("max_concurrent");
  }

  @Test
  void aNameOfTwoHundredCharactersIsKeptAndOneLongerIsRefusedNamingName() {
    assertThat(read(body().put("name", "n".repeat(200))).name()).hasSize(200);
    assertRefusedNaming(body().put("name", "n".repeat(201)), "name");
    assertRefusedNaming(body().put("name", "n".repeat(900_000)), "name");
  }

  @Test
  void aNameWithControlOrFormatCharactersIsRefusedNamingName() {
    for (String name : new String[] {"a\nb", "nul\u0000", "\u001b[31mred", "del\u007f", "c1\u0085",
        "evil\u202Egpj.exe", "zero\u200Bwidth", "line\u2028break", "lone\uD800"}) {
      assertRefusedNaming(body().put("name", name), "name");
    }
  }

  @Test
  void aNameInAnyScriptWithSpacesAndPunctuationIsKept() {
    assertThat(read(body().put("name", "CI bot — Zürich 東京 (prod) 🙂")).name()).isEqualTo("CI bot — Zürich 東京 (prod) 🙂");
  }

  @Test
  void anEmptyModelListIsRefusedNamingModelsWhileLeavingItOutAllowsEveryModel() {
    ObjectNode empty = body();
    empty.putArray("models");
    assertRefusedNaming(empty, "models");

    assertThat(read(body()).models()).as("no models field: all models").isEmpty();
    ObjectNode one = body();
    one.putArray("models").add("alpha");
    assertThat(read(one).models()).containsExactly("alpha");
  }

  @Test
  void aTenantTheConfiguredTenantsDoNotNameIsRefusedWithTheClosestOneAndHowToCreateItAnyway() {
    GatewayException refused = refusal(body().put("tenant", "Acme"), Set.of("acme", "default"));

    assertThat(refused.param()).isEqualTo("tenant");
    assertThat(refused.getMessage()).isEqualTo("unknown tenant 'Acme' (did you mean 'acme'?): the config's tenants:"
        + " section names acme, default, and a key of any other tenant is held to no tenant limits or budget. To"
        + " create it anyway, send \"allow_unconfigured_tenant\": true (keys create --new-tenant)");
    assertThat(refusal(body().put("tenant", "acme2"), Set.of("acme")).getMessage()).contains("did you mean 'acme'?");
  }

  @Test
  void anUnconfiguredTenantIsTakenWhenAllowedAndAnyTenantWhenNoTenantsAreConfigured() {
    assertThat(KeyRequest.read(body().put("tenant", "beta").put("allow_unconfigured_tenant", true), KNOWN,
        Set.of("acme"), NOW).tenant()).isEqualTo("beta");
    assertThat(KeyRequest.read(body().put("tenant", "acme"), KNOWN, Set.of("acme"), NOW).tenant()).isEqualTo("acme");
    assertThat(read(body().put("tenant", "demo")).tenant()).as("no tenants: section").isEqualTo("demo");
    assertThat(refusal(body().put("tenant", "beta").put("allow_unconfigured_tenant", "yes"), Set.of("acme")).param())
        .isEqualTo("allow_unconfigured_tenant");
  }

  @Test
  void theTenantsTheGatewayUsesForItselfAreRefusedInAnyCase() {
    for (String reserved : new String[] {"admin", "unauthenticated", "Admin", "UNAUTHENTICATED", "none", "None"}) {
      GatewayException refused = refusal(body().put("tenant", reserved).put("allow_unconfigured_tenant", true),
          Set.of());
      assertThat(refused.param()).as(reserved).isEqualTo("tenant");
      assertThat(refused.getMessage()).as(reserved).startsWith("'" + reserved + "' is reserved");
    }
  }

  @Test
  void aTenantThatIsGivenButIsNoNameIsRefusedForItsShapeNotAsMissing() {
    for (JsonNode body : new JsonNode[] {body().put("tenant", "acme corp"), body().put("tenant", "-acme"),
        body().put("tenant", ""), body().put("tenant", 7)}) {
      GatewayException refused = refusal(body, Set.of());
      assertThat(refused.param()).as(body.toString()).isEqualTo("tenant");
      assertThat(refused.getMessage()).as(body.toString()).isEqualTo("'tenant' must be 1-64 letters, digits, '.', '_'"
          + " or '-', starting with a letter or digit");
    }
    for (JsonNode body : new JsonNode[] {JSON.createObjectNode(), JSON.createObjectNode().putNull("tenant")}) {
      assertThat(refusal(body, Set.of()).getMessage()).as(body.toString()).startsWith("'tenant' is required: 1-64");
    }
  }
}
