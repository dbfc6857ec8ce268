package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The read-only endpoints: liveness, readiness, the model list and Prometheus metrics. */
class MetricsAndInfoTest {

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        fast:
          targets: [ { provider: sim, model: sim-echo } ]
        lorem:
          targets: [ { provider: sim, model: sim-lorem } ]
      """);
  private final ApprenticeServer server = gateway.server();
  private final RawHttp http = new RawHttp(server);

  @Test
  void healthAndReadinessAnswer200() {
    HttpResponse<String> health = http.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(health.body()).path("status").asText()).isEqualTo("ok");

    HttpResponse<String> ready = http.get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(ready.body()).path("status").asText()).isEqualTo("ready");
  }

  @Test
  void loadBalancersMayProbeHealthAndReadinessWithHeadWhichAnswersNoBody() throws Exception {
    for (String path : new String[] {"/health", "/ready"}) {
      HttpResponse<String> head = http.send(http.request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).as(path).isEqualTo(200);

      // read off the wire: an HTTP client ignores a HEAD body, but a connection reused after one is broken
      assertThat(bytesAfterTheHeadersOfAHead(path)).as(path).isEmpty();
    }
  }

  /** What the server sends after a HEAD answer's headers, within a second (nothing, when it is right). */
  private String bytesAfterTheHeadersOfAHead(String path) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000); // the headers may be slow on a busy machine; the second is for what follows them
      socket.getOutputStream().write(("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      StringBuilder raw = new StringBuilder();
      java.io.InputStream in = socket.getInputStream();
      int headerEnd = -1;
      try {
        for (int b; (b = in.read()) != -1; ) {
          raw.append((char) b);
          if (headerEnd < 0 && raw.toString().endsWith("\r\n\r\n")) {
            headerEnd = raw.length();
            socket.setSoTimeout(1000);
          }
        }
      } catch (java.net.SocketTimeoutException quiet) {
        // nothing more came: the answer ended with its headers
      }
      assertThat(raw.toString()).startsWith("HTTP/1.1 200");
      assertThat(headerEnd).isPositive();
      return raw.substring(headerEnd);
    }
  }

  @Test
  void readinessIs503OnceTheStoreNoLongerAnswers() {
    server.store().close();

    HttpResponse<String> ready = http.get("/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(RawHttp.json(ready.body()).path("store").asText()).isEqualTo("unavailable");
    assertThat(RawHttp.json(ready.body()).path("reason").asText()).contains("store");
  }

  @Test
  void readinessIs503WhileNoModelHasATargetWhoseCircuitIsClosed() {
    FakeProvider failing = new FakeProvider("failing").byDefault(FakeProvider.fail(Kind.SERVER_ERROR, 500, null));
    try (RunningGateway broken = Gateways.running("""
        providers:
          failing: { type: simulator }
        models:
          broken:
            targets: [ { provider: failing, model: always-500 } ]
            retries: 0
            circuit_breaker: { minimum_calls: 2, failure_rate_percent: 50, open_ms: 60000 }
        """, Map.of("failing", failing)).closing(failing)) {
      KeyedHttp calls = broken.http();
      assertThat(calls.get("/ready", null).statusCode()).isEqualTo(200);
      for (int i = 0; i < 2; i++) assertThat(calls.chat(null, "broken", "hi").statusCode()).isEqualTo(502);

      HttpResponse<String> ready = calls.get("/ready", null);

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(RawHttp.json(ready.body()).path("reason").asText())
          .isEqualTo("no model has a target with a closed circuit");
    }
  }

  @Test
  void theModelListNamesTheAliasesInTheOrderOfTheConfigThenTheBuiltInModel() {
    List<String> aliases = List.of("zulu", "alpha", "mike", "bravo", "yankee", "charlie", "xray");
    StringBuilder yaml = new StringBuilder("providers:\n  sim: { type: simulator }\nmodels:\n");
    for (String alias : aliases) yaml.append("  ").append(alias).append(": { targets: [ { provider: sim, model: sim-echo } ] }\n");
    try (RunningGateway lettered = Gateways.running(yaml.toString())) {
      HttpResponse<String> response = lettered.http().get("/v1/models", null);

      List<String> listed = RawHttp.json(response.body()).path("data").findValuesAsText("id");
      assertThat(listed.subList(0, aliases.size())).isEqualTo(aliases);
      assertThat(listed).last().isEqualTo("local/all-minilm-l6-v2");
      assertThat(RawHttp.json(lettered.http().chat(null, "nope", "hi").body()).at("/error/message").asText())
          .as("an unknown model's error lists them in the same order")
          .endsWith("Models you may call: " + String.join(", ", aliases));
    }
  }

  @Test
  void theModelListHasTheConfiguredAliasesAndTheBuiltInEmbeddingModelInOpenAiListFormat() {
    HttpResponse<String> response = http.get("/v1/models");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode list = RawHttp.json(response.body());
    assertThat(list.path("object").asText()).isEqualTo("list");
    assertThat(response.body()).as("in the order OpenAI writes it").startsWith("{\"object\":\"list\",\"data\":[");
    assertThat(list.path("data").findValuesAsText("id")).containsExactlyInAnyOrder("fast", "lorem",
        "local/all-minilm-l6-v2");
    assertThat(list.path("data")).allSatisfy(model -> {
      assertThat(model.path("object").asText()).isEqualTo("model");
      assertThat(model.path("created").isIntegralNumber()).isTrue();
      assertThat(model.path("owned_by").asText()).isNotBlank();
    });
  }

  @Test
  void metricsCountCallsAndTheGatewayOverheadAfterACall() {
    HttpResponse<String> call = http.post("/v1/chat/completions",
        "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}");
    assertThat(call.statusCode()).isEqualTo(200);
    http.post("/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

    HttpResponse<String> metrics = http.get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    String text = metrics.body();
    assertThat(text).contains("# TYPE apprentice_requests_total counter");
    assertThat(text).containsPattern("apprentice_requests_total\\{[^}]*model=\"fast\"[^}]*status=\"200\"[^}]*} 1\\.0");
    assertThat(text).containsPattern("apprentice_requests_total\\{[^}]*model=\"none\"[^}]*status=\"404\"[^}]*} 1\\.0");
    assertThat(text).as("a refusal is an error too, by its code")
        .containsPattern("apprentice_errors_total\\{[^}]*code=\"model_not_found\"[^}]*model=\"none\"[^}]*} 1\\.0");
    assertThat(text).as("a client's made-up model name is no label").doesNotContain("nope");
    assertThat(text).contains("apprentice_gateway_overhead_seconds_bucket{");
    assertThat(text).containsPattern("apprentice_gateway_overhead_seconds_bucket\\{[^}]*model=\"fast\",le=\"5\\.0E-5\"}");
    assertThat(text).containsPattern("apprentice_gateway_overhead_seconds_count\\{[^}]*model=\"fast\"[^}]*} 1");
    assertThat(text).as("the whole call, measured after the answer was written")
        .containsPattern("apprentice_gateway_answered_overhead_seconds_count\\{[^}]*model=\"fast\"[^}]*} 1");
    assertThat(text).contains("apprentice_request_duration_seconds_bucket{");
    assertThat(text).containsPattern("apprentice_upstream_attempts_total\\{[^}]*outcome=\"ok\"[^}]*target=\"sim/sim-echo\"");
  }
}
