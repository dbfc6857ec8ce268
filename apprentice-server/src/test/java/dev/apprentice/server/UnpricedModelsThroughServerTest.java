package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A model the price table does not know, given no price in the config: calls to it cost $0, so a budget could never
 * stop them. Callers with a budget are refused it (403 {@code model_unpriced}); callers without one are served.
 */
class UnpricedModelsThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-unpriced-tests";
  private static final String YAML = """
      providers:
        up: { type: openai, base_url: "http://127.0.0.1:9/v1" }
      tenants:
        acme: { budget_usd_per_day: 0.001 }
      models:
        llama: { targets: [ { provider: up, model: llama-3-70b } ] }
      %s
      """;

  private final FakeProvider up = new FakeProvider("up");
  /** Started by each test, with its limits. */
  @AutoClose
  private RunningGateway gateway;

  private void start(String limits) {
    gateway = Gateways.running(YAML.formatted(limits), Map.of("up", up), ADMIN_KEY, Clock.systemUTC()).closing(up);
  }

  @Test
  void aBudgetedKeyIsRefusedTheUnpricedModelForChatAndEmbeddingsAndTheRefusalIsTraced() {
    start("");
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();
    String budgeted =
        admin.newKey("{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true,\"budget_usd_per_day\":0.001}");

    HttpResponse<String> chat = http.chat(budgeted, "llama", "hello");
    JsonNode error = assertError(chat, 403, "permission_error", "model_unpriced", "model");
    assertThat(error.path("message").asText()).contains("up/llama-3-70b").contains("models.llama.price");
    assertError(http.post("/v1/embeddings", budgeted, "{\"model\":\"llama\",\"input\":\"hello\"}"), 403,
        "permission_error", "model_unpriced", "model");
    assertThat(up.calls()).isZero();

    String traceId = chat.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    admin.flush();
    assertThat(admin.trace(traceId).path("status").asInt()).isEqualTo(403);
  }

  @Test
  void aKeyOfATenantWithABudgetIsRefusedButAKeyWithoutAnyBudgetIsServed() {
    start("");
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();

    assertError(http.chat(admin.newKey("{\"tenant\":\"acme\"}"), "llama", "hello"), 403, "permission_error",
        "model_unpriced", "model");
    String unbudgeted = admin.newKey("{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true}");
    assertThat(http.chat(unbudgeted, "llama", "hello").statusCode()).isEqualTo(200);
  }

  @Test
  void withUnpricedAllowedABudgetedKeyIsServedAtNoCost() {
    start("limits: { unpriced: allow }");
    KeyedHttp http = gateway.http();
    String budgeted = gateway.admin().newKey("{\"tenant\":\"acme\"}");

    HttpResponse<String> served = http.chat(budgeted, "llama", "hello");

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("x-apprentice-cost-usd")).hasValue("0.0000000000");
  }
}
