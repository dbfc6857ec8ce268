package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The response cache and the keys' limits together: a cached answer never crosses tenants nor reaches a key that
 * may not use its model, and a hit counts as a request against RPM while it uses no tokens and costs $0.
 */
class CachedAnswersAndKeysThroughServerTest {

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      open:
        targets: [ { provider: up, model: gpt-4o } ]
        price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
      secret:
        targets: [ { provider: up, model: gpt-4o } ]
        price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
      """);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  private static String body(String model, String text) {
    return "{\"model\":\"" + model + "\",\"temperature\":0,\"max_tokens\":50,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }

  private HttpResponse<String> untilCached(String key, String json) throws Exception {
    HttpResponse<String> response = null;
    for (int i = 0; i < 100; i++) {
      response = http.post("/v1/chat/completions", key, json);
      if (!"miss".equals(response.headers().firstValue("x-apprentice-cache").orElse("miss"))) return response;
      Thread.sleep(50);
    }
    return response;
  }

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("x-apprentice-cache").orElse(null);
  }

  @Test
  void anAnswerCachedForOneTenantIsNeverServedToAnother() throws Exception {
    String acme = admin.newKey("{\"tenant\":\"acme\",\"name\":\"a\"}");
    String globex = admin.newKey("{\"tenant\":\"globex\",\"name\":\"g\"}");
    upstream.then(reply("acme's private answer")).byDefault(reply("globex's own answer"));
    assertThat(cache(untilCached(acme, body("open", "what is our discount")))).isEqualTo("exact");

    HttpResponse<String> other = http.post("/v1/chat/completions", globex, body("open", "what is our discount"));

    assertThat(cache(other)).isEqualTo("miss");
    assertThat(other.body()).contains("globex's own answer").doesNotContain("acme's private answer");
  }

  @Test
  void aKeyThatMayNotUseAModelGetsNoneOfItsCachedAnswers() throws Exception {
    String full = admin.newKey("{\"tenant\":\"acme\",\"name\":\"full\"}");
    String limited = admin.newKey("{\"tenant\":\"acme\",\"name\":\"limited\",\"models\":[\"open\"]}");
    upstream.byDefault(reply("the secret answer"));
    assertThat(cache(untilCached(full, body("secret", "tell me")))).isEqualTo("exact");

    HttpResponse<String> refused = http.post("/v1/chat/completions", limited, body("secret", "tell me"));

    assertError(refused, 403, "permission_error", "model_not_allowed", "model");
    assertThat(refused.body()).doesNotContain("the secret answer");
  }

  @Test
  void aHitCountsAsARequestAgainstRpmButUsesNoTokensAndCostsNothing() throws Exception {
    String warm = admin.newKey("{\"tenant\":\"acme\",\"name\":\"warm\"}");
    // each call reserves its prompt and max_tokens (about 60 tokens): one call's worth of tpm, no more
    String key = admin.newKey("{\"tenant\":\"acme\",\"name\":\"k\",\"rpm\":3,\"tpm\":70,"
        + "\"budget_usd_per_day\":1}");
    upstream.byDefault(reply("cached once"));
    assertThat(cache(untilCached(warm, body("open", "count me")))).isEqualTo("exact");

    HttpResponse<String> hit = http.post("/v1/chat/completions", key, body("open", "count me"));
    HttpResponse<String> second = http.post("/v1/chat/completions", key, body("open", "count me"));
    HttpResponse<String> third = http.post("/v1/chat/completions", key, body("open", "count me"));
    HttpResponse<String> fourth = http.post("/v1/chat/completions", key, body("open", "count me"));

    assertThat(java.util.List.of(hit, second, third)).allSatisfy(r -> {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(cache(r)).isEqualTo("exact");
    });
    JsonNode refused = assertError(fourth, 429, "rate_limit_error", "rate_limit_exceeded", null);
    assertThat(refused.path("message").asText()).containsIgnoringCase("request");
    assertThat(hit.headers().firstValue("x-apprentice-cost-usd")).hasValue("0.0000000000");
    JsonNode trace = admin.trace(hit.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("cost_usd").asDouble()).isZero();
    assertThat(trace.path("cost_saved_usd").asDouble()).isPositive();
    assertThat(trace.path("input_tokens").asInt() + trace.path("output_tokens").asInt()).isZero();
  }
}
