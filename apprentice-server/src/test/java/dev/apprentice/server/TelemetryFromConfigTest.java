package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.server.http.ServerJson;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** The {@code telemetry.otlp} block turns on span export: a served call reaches the configured collector. */
class TelemetryFromConfigTest {

  @Test
  void aCallIsExportedAsAGenAiSpanToTheConfiguredCollector() {
    try (FakeUpstream collector = new FakeUpstream()) {
      collector.enqueue(new MockResponse.Builder().code(200).build());
      String yaml = """
          providers:
            sim: { type: simulator }
          models:
            m:
              targets: [ { provider: sim, model: sim-echo } ]
          telemetry:
            otlp: { endpoint: "%s/v1/traces", headers: { x-team: search }, service_name: gateway-under-test }
          """.formatted(collector.rootUrl());
      HttpResponse<String> answer;
      try (RunningGateway gateway = Gateways.running(yaml)) {
        answer = gateway.http().chat(null, "m", "hello otel");
        assertThat(answer.statusCode()).isEqualTo(200);
      } // closing the server flushes the exporter

      FakeUpstream.Recorded export = collector.takeRequest();
      assertThat(export.path()).isEqualTo("/v1/traces");
      assertThat(export.header("x-team")).isEqualTo("search");
      assertThat(export.body()).contains("gateway-under-test", "gen_ai.operation.name", "chat sim-echo",
          answer.headers().firstValue("x-apprentice-trace-id").orElseThrow());
      // gen_ai.provider.name is the provider's type; the name it has in the config is apprentice.provider
      assertThat(export.body()).containsPattern("(?s)gen_ai\\.provider\\.name.{1,8}simulator")
          .containsPattern("(?s)apprentice\\.provider.{1,8}sim(?!ulator)");
    }
  }

  @Test
  void aRequestForAModelNoOneConfiguredGetsASpanNamedByItsOperationAloneAndAGuardedCallItsVerdicts() {
    try (FakeUpstream collector = new FakeUpstream()) {
      for (int i = 0; i < 4; i++) collector.enqueue(new MockResponse.Builder().code(200).build());
      String yaml = """
          providers:
            sim: { type: simulator }
          models:
            guarded:
              targets: [ { provider: sim, model: sim-echo } ]
              guard: { input: { pii: redact } }
          telemetry:
            otlp: { endpoint: "%s/v1/traces" }
          """.formatted(collector.rootUrl());
      try (RunningGateway gateway = Gateways.running(yaml)) {
        assertThat(gateway.http().chat(null, "made-up-7f3a", "hello").statusCode()).isEqualTo(404);
        assertThat(gateway.http().chat(null, "guarded", "mail me at bob@example.com").statusCode()).isEqualTo(200);
      } // closing the server flushes the exporter

      StringBuilder exported = new StringBuilder();
      for (int i = collector.requestCount(); i > 0; i--) exported.append(collector.takeRequest().body());
      assertThat(exported).contains("made-up-7f3a", "apprentice.guard.verdict", "EMAIL_ADDRESS", "redact")
          .doesNotContain("chat made-up-7f3a", "bob@example.com");
    }
  }

  @Test
  void anOpenAiCompatibleProvidersSpansCarryTheHostAndPortOfItsBaseUrl() {
    try (FakeUpstream collector = new FakeUpstream(); FakeUpstream vllm = new FakeUpstream()) {
      for (int i = 0; i < 4; i++) collector.enqueue(new MockResponse.Builder().code(200).build());
      vllm.json(200, """
          {"id":"c1","object":"chat.completion","created":1,"model":"qwen","choices":[{"index":0,
          "message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
          "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""");
      String yaml = """
          providers:
            local-vllm: { type: openai, base_url: "%s" }
          models:
            m:
              targets: [ { provider: local-vllm, model: qwen } ]
          telemetry:
            otlp: { endpoint: "%s/v1/traces" }
          """.formatted(vllm.baseUrl(), collector.rootUrl());
      try (RunningGateway gateway = Gateways.running(yaml)) {
        assertThat(gateway.http().chat(null, "m", "hello").statusCode()).isEqualTo(200);
      } // closing the server flushes the exporter

      StringBuilder exported = new StringBuilder();
      for (int i = collector.requestCount(); i > 0; i--) exported.append(collector.takeRequest().body());
      String host = java.net.URI.create(vllm.baseUrl()).getHost();
      assertThat(exported).containsPattern("(?s)server\\.address.{1,8}" + java.util.regex.Pattern.quote(host))
          .contains("server.port");
    }
  }

  @Test
  void aCallsSpanCarriesTheGenerationParametersItsClientSetAndTheAnswersIdAndFinishReasons() {
    try (FakeUpstream collector = new FakeUpstream(); FakeUpstream vllm = new FakeUpstream()) {
      for (int i = 0; i < 4; i++) collector.enqueue(new MockResponse.Builder().code(200).build());
      vllm.json(200, """
          {"id":"chatcmpl-otel-77","object":"chat.completion","created":1,"model":"qwen","choices":[{"index":0,
          "message":{"role":"assistant","content":"{}"},"finish_reason":"length"}],
          "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""");
      String yaml = """
          providers:
            local-vllm: { type: openai, base_url: "%s" }
          models:
            m:
              targets: [ { provider: local-vllm, model: qwen } ]
          telemetry:
            otlp: { endpoint: "%s/v1/traces" }
          """.formatted(vllm.baseUrl(), collector.rootUrl());
      try (RunningGateway gateway = Gateways.running(yaml)) {
        String body = """
            {"model":"m","messages":[{"role":"user","content":"answer in json"}],"temperature":0.25,"top_p":0.5,
            "max_tokens":50,"frequency_penalty":0.1,"presence_penalty":0.2,"stop":["HALT-7"],"seed":1234,"n":2,
            "response_format":{"type":"json_object"}}""";
        assertThat(gateway.http().post("/v1/chat/completions", null, body).statusCode()).isEqualTo(200);
      } // closing the server flushes the exporter

      StringBuilder exported = new StringBuilder();
      for (int i = collector.requestCount(); i > 0; i--) exported.append(collector.takeRequest().body());
      assertThat(exported).contains("gen_ai.request.temperature", "gen_ai.request.top_p", "gen_ai.request.max_tokens",
          "gen_ai.request.frequency_penalty", "gen_ai.request.presence_penalty", "gen_ai.request.seed",
          "gen_ai.request.choice.count", "gen_ai.response.id", "chatcmpl-otel-77")
          .containsPattern("(?s)gen_ai\\.request\\.stop_sequences.{1,12}HALT-7")
          .containsPattern("(?s)gen_ai\\.output\\.type.{1,8}json")
          .containsPattern("(?s)gen_ai\\.response\\.finish_reasons.{1,12}length")
          .doesNotContain("answer in json");
    }
  }

  @Test
  void aResponsesCallsSpanNamesTheResponseIdItsClientSawNotTheChatCompletionsItWasMadeFrom() throws Exception {
    try (FakeUpstream collector = new FakeUpstream(); FakeUpstream vllm = new FakeUpstream()) {
      for (int i = 0; i < 4; i++) collector.enqueue(new MockResponse.Builder().code(200).build());
      vllm.json(200, """
          {"id":"chatcmpl-behind-resp","object":"chat.completion","created":1,"model":"qwen","choices":[{"index":0,
          "message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
          "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""");
      String yaml = """
          providers:
            local-vllm: { type: openai, base_url: "%s" }
          models:
            m:
              targets: [ { provider: local-vllm, model: qwen } ]
          telemetry:
            otlp: { endpoint: "%s/v1/traces" }
          """.formatted(vllm.baseUrl(), collector.rootUrl());
      String responseId;
      try (RunningGateway gateway = Gateways.running(yaml)) {
        HttpResponse<String> answer = gateway.http().post("/v1/responses", null, "{\"model\":\"m\",\"input\":\"hello\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        responseId = ServerJson.WIRE.readTree(answer.body()).path("id").asText();
      } // closing the server flushes the exporter

      StringBuilder exported = new StringBuilder();
      for (int i = collector.requestCount(); i > 0; i--) exported.append(collector.takeRequest().body());
      assertThat(responseId).startsWith("resp_");
      assertThat(exported).containsPattern("(?s)gen_ai\\.response\\.id.{1,8}" + responseId)
          .doesNotContain("chatcmpl-behind-resp");
    }
  }
}
