package dev.apprentice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KNOWN = Set.of("alpha", "beta");

  private static ObjectNode body() {
    return JSON.createObjectNode().put("tenant", "acme");
  }

  private static KeyRequest read(JsonNode body) {
    return KeyRequest.read(body, KNOWN, Set.of());
  }

  private static GatewayException refusal(JsonNode body, Set<String> tenants) {
    try {
      KeyRequest.read(body, KNOWN, tenants);
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
        Set.of("acme")).tenant()).isEqualTo("beta");
    assertThat(KeyRequest.read(body().put("tenant", "acme"), KNOWN, Set.of("acme")).tenant()).isEqualTo("acme");
    assertThat(read(body().put("tenant", "demo")).tenant()).as("no tenants: section").isEqualTo("demo");
    assertThat(refusal(body().put("tenant", "beta").put("allow_unconfigured_tenant", "yes"), Set.of("acme")).param())
        .isEqualTo("allow_unconfigured_tenant");
  }

  @Test
  void theTenantsTheGatewayUsesForItselfAreRefusedInAnyCase() {
    for (String reserved : new String[] {"admin", "unauthenticated", "Admin", "UNAUTHENTICATED"}) {
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
