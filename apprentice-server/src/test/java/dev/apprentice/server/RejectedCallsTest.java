package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Requests refused before they become a call still leave a trace under the id their answer names. */
class RejectedCallsTest {

  private static final String YAML = """
      providers:
        sim: { type: simulator }
      models:
        m:
          targets: [ { provider: sim, model: sim-echo } ]
      """;
  private static final String ADMIN = "admin-secret-for-tests";

  @AutoClose
  private final RunningGateway gateway = Gateways.running(YAML, ADMIN, Clock.systemUTC());
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  private static String traceId(HttpResponse<String> response) {
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }

  @Test
  void anUnknownModelIsTracedWithTheModelTheClientAskedFor() {
    HttpResponse<String> refused = http.chat(null, "gpt-17", "hello");
    assertThat(refused.statusCode()).isEqualTo(404);

    JsonNode trace = admin.trace(traceId(refused));
    assertThat(trace.path("status").asInt()).isEqualTo(404);
    assertThat(trace.path("error_code").asText()).isEqualTo("model_not_found");
    assertThat(trace.path("model").asText()).isEqualTo("gpt-17");
    assertThat(trace.path("tenant").asText()).isEqualTo("default");
  }

  @Test
  void aRefusedCallIsDatedByTheGatewaysClockLikeAServedOne() {
    Clock lastYear = Clock.fixed(java.time.Instant.parse("2025-12-31T23:59:30Z"), java.time.ZoneOffset.UTC);
    try (RunningGateway dated = Gateways.running(YAML, ADMIN, lastYear)) {
      KeyedHttp datedHttp = dated.http();
      String refused = traceId(datedHttp.chat(null, "gpt-17", "hello"));
      String served = traceId(datedHttp.chat(null, "m", "hello"));

      AdminClient datedAdmin = dated.admin();
      assertThat(datedAdmin.trace(refused).path("started_at").asText()).startsWith("2025-12-31T23:59:");
      assertThat(datedAdmin.trace(served).path("started_at").asText()).startsWith("2025-12-31T23:59:");
    }
  }

  @Test
  void aRefusedCallKeepsTheCallersTagsAndTraceContextLikeAServedOne() {
    HttpResponse<String> refused = http.post("/v1/chat/completions", null,
        "{\"model\":\"gpt-17\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
        "x-apprentice-tags", "nightly, batch", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(refused.statusCode()).isEqualTo(404);

    JsonNode trace = admin.trace(traceId(refused));
    assertThat(trace.path("tags")).extracting(JsonNode::asText).containsExactly("nightly", "batch");
    assertThat(trace.path("traceparent").asText()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @Test
  void aCallWithoutAValidKeyIsTracedAsUnauthenticated() {
    admin.newKey("{\"tenant\":\"acme\"}");
    HttpResponse<String> refused = http.chat("ak-000000000000-nope", "m", "hello");
    assertThat(refused.statusCode()).isEqualTo(401);

    JsonNode trace = admin.trace(traceId(refused));
    assertThat(trace.path("status").asInt()).isEqualTo(401);
    assertThat(trace.path("tenant").asText()).isEqualTo("unauthenticated");
    assertThat(trace.path("error_code").asText()).isEqualTo("invalid_api_key");
  }

  @Test
  void aFloodOfCallsWithoutAValidKeyIsCountedInFullButTracedOnlyAtABoundedRate() {
    admin.newKey("{\"tenant\":\"acme\"}");
    int calls = 60;
    long started = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      String path = i % 2 == 0 ? "/v1/chat/completions" : "/v1/embeddings";
      assertThat(http.post(path, "ak-000000000000-nope", "{}").statusCode()).isEqualTo(401);
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    int traced = admin.traces("tenant=unauthenticated&limit=1000").size();
    assertThat(traced).isGreaterThanOrEqualTo(dev.apprentice.server.accounting.UnauthenticatedTraces.BURST)
        .isLessThanOrEqualTo(dev.apprentice.server.accounting.UnauthenticatedTraces.BURST + (int) seconds + 1);
    String metrics = http.get("/metrics", null).body();
    // half of them chat completions, half embeddings, each counted under its own api
    assertThat(PrometheusText.parse(metrics).sum("apprentice_requests_total", Map.of("model", "none",
        "provider", "none", "tenant", "none", "status", "401", "mode", "json"))).isEqualTo(calls);
    assertThat(metrics).contains("apprentice_requests_total{api=\"chat_completions\",mode=\"json\",model=\"none\","
        + "provider=\"none\",status=\"401\",tenant=\"none\"} " + calls / 2 + ".0");
    assertThat(metrics).contains("apprentice_unauthenticated_traces_skipped_total " + (calls - traced) + ".0");
  }

  @Test
  void anUnauthenticatedRefusalLeftOutOfTheCallLogCarriesNoTraceIdAndEveryIdSentNamesAStoredTrace() {
    admin.newKey("{\"tenant\":\"acme\"}");
    java.util.List<String> sent = new java.util.ArrayList<>();
    int withoutId = 0;
    for (int i = 0; i < 40; i++) {
      String path = i % 2 == 0 ? "/v1/chat/completions" : "/v1/embeddings";
      HttpResponse<String> refused = http.post(path, "ak-000000000000-nope", "{}");
      assertThat(refused.statusCode()).isEqualTo(401);
      java.util.Optional<String> id = refused.headers().firstValue("x-apprentice-trace-id");
      if (id.isPresent()) sent.add(id.get());
      else withoutId++;
    }

    assertThat(withoutId).isPositive();
    java.util.List<String> stored = admin.traces("tenant=unauthenticated&limit=1000").stream()
        .map(trace -> trace.path("id").asText()).toList();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void aMalformedBodyIsTracedWithoutAModel() {
    HttpResponse<String> refused = http.post("/v1/chat/completions", null, "{\"model\":");
    assertThat(refused.statusCode()).isEqualTo(400);

    assertThat(admin.trace(traceId(refused)).path("model").asText()).isEqualTo("unknown");
  }

  @Test
  void aNullBodyIsA400TracedUnderTheIdItsAnswerNames() {
    HttpResponse<String> refused = http.post("/v1/chat/completions", null, "null");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);

    JsonNode trace = admin.trace(traceId(refused));
    assertThat(trace.path("status").asInt()).isEqualTo(400);
    assertThat(trace.path("error_code").asText()).isEqualTo("invalid_request_error");
    assertThat(trace.path("model").asText()).isEqualTo("unknown");
  }

  @Test
  void theStoredAdminKeyCannotBeRevokedThroughTheApi() {
    try (RunningGateway generated = Gateways.running(YAML, null, Clock.systemUTC())) {
      String adminKey = generated.server().generatedAdminKey().orElseThrow();
      String id = adminKey.substring(3, adminKey.indexOf('-', 3));
      KeyedHttp client = generated.http();

      HttpResponse<String> refused = client.delete("/admin/keys/" + id, adminKey);

      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("admin key");
      assertThat(client.get("/admin/keys", adminKey).statusCode()).isEqualTo(200);
    }
  }
}
