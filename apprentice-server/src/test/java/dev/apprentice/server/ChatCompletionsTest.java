package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Chat completions end to end through an {@code openai}-type provider pointed at a fake upstream. */
class ChatCompletionsTest {

  private static final String TOOLS = """
      "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather of a city",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

  private final FakeUpstream upstream = new FakeUpstream();
  private final FakeUpstream backup = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
        backup: { type: openai, base_url: "%s" }
      models:
        gpt:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
        resilient:
          targets:
            - { provider: up, model: first-model }
            - { provider: backup, model: second-model }
          retries: 1
          retry_backoff_ms: 1
      """.formatted(upstream.baseUrl(), backup.baseUrl())).closing(upstream, backup);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aJsonAnswerComesBackWithTheUpstreamModelSubstitutedAndUnknownFieldsPassedThrough() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"gpt","messages":[{"role":"user","content":"Hi"}],"temperature":0.5,
         "top_k":40,"logit_bias":{"50256":-100},"seed":7,"response_format":{"type":"json_object"}}""");

    assertThat(response.statusCode()).isEqualTo(200);
    assertNoStackTrace(response.body());
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("choices").path(0).path("message").path("content").asText()).isEqualTo("Hello from upstream");
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(12);

    FakeUpstream.Recorded sent = upstream.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-upstream");
    JsonNode forwarded = RawHttp.json(sent.body());
    assertThat(forwarded.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(forwarded.path("top_k").asInt()).isEqualTo(40);
    assertThat(forwarded.path("logit_bias").path("50256").asInt()).isEqualTo(-100);
    assertThat(forwarded.path("seed").asLong()).isEqualTo(7);
    assertThat(forwarded.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(forwarded.path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(forwarded.has("stream")).isFalse();
  }

  @Test
  void fieldsOfAChoiceAndOfTheUsageDetailsThatTheGatewayDoesNotReadReachTheClient() {
    upstream.json(200, """
        {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop",
          "content_filter_results":{"violence":{"filtered":false,"severity":"safe"}}}],
         "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,
          "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
          "completion_tokens_details":{"reasoning_tokens":0,"accepted_prediction_tokens":2,"rejected_prediction_tokens":1}}}""");

    JsonNode body = RawHttp.json(http.post("/v1/chat/completions",
        "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body());

    assertThat(body.at("/choices/0/content_filter_results/violence/severity").asText()).isEqualTo("safe");
    assertThat(body.at("/usage/completion_tokens_details/accepted_prediction_tokens").asInt()).isEqualTo(2);
    assertThat(body.at("/usage/completion_tokens_details/rejected_prediction_tokens").asInt()).isEqualTo(1);
  }

  @Test
  void everyModelCallAnswersTheApprenticeHeaders() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-apprentice-trace-id")).matches("tr_[0-9a-f]{24}");
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("up/gpt-4o-2024-08-06");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("1");
    assertThat(header(response, "x-apprentice-cache")).isEqualTo("miss");
    assertThat(header(response, "x-apprentice-overhead-ms")).matches("\\d+(\\.\\d+)?");
    assertThat(Double.parseDouble(header(response, "x-apprentice-overhead-ms"))).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aStreamAlwaysAsksUpstreamForUsageButHidesItFromAClientThatDidNotAsk() {
    upstream.sse(textStream());

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("up/gpt-4o-2024-08-06");
    assertEveryEventIsADataLine(response.body());
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo("Hello world");
    assertThat(events.finishReasons()).containsExactly("stop");
    assertThat(events.usages()).isEmpty();
    assertThat(events.chunks()).allSatisfy(c -> assertThat(c.path("choices").size()).isPositive());

    JsonNode forwarded = RawHttp.json(upstream.takeRequest().body());
    assertThat(forwarded.path("stream").asBoolean()).isTrue();
    assertThat(forwarded.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(forwarded.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
  }

  @Test
  void aStreamCarriesTheUsageChunkWhenTheClientAsksForIt() {
    upstream.sse(textStream());

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"gpt","stream":true,"stream_options":{"include_usage":true},
         "messages":[{"role":"user","content":"Hi"}]}""");

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo("Hello world");
    assertThat(events.usages()).singleElement().satisfies(usage -> {
      assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(9);
      assertThat(usage.path("completion_tokens").asInt()).isEqualTo(2);
      assertThat(usage.path("total_tokens").asInt()).isEqualTo(11);
    });
    JsonNode last = events.chunks().getLast();
    assertThat(last.path("choices").size()).isZero();
    assertThat(last.path("usage").isObject()).isTrue();
  }

  @Test
  void aToolCallAnswerPassesThroughUnchanged() {
    upstream.json(200, UpstreamAnswers.TOOL_COMPLETION);

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"gpt","messages":[{"role":"user","content":"Weather in Paris?"}],%s,"tool_choice":"auto"}"""
        .formatted(TOOLS));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode choice = RawHttp.json(response.body()).path("choices").path(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode call = choice.path("message").path("tool_calls").path(0);
    assertThat(call.path("id").asText()).isEqualTo("call_abc");
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");

    JsonNode forwarded = RawHttp.json(upstream.takeRequest().body());
    assertThat(forwarded.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(forwarded.path("tools").path(0).path("function").path("parameters").path("required").path(0).asText())
        .isEqualTo("city");
    assertThat(forwarded.path("tool_choice").asText()).isEqualTo("auto");
  }

  @Test
  void aStreamedToolCallPassesThroughFragmentByFragment() {
    upstream.sse(List.of(
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null),
        chunk("{}", "tool_calls"),
        "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}}",
        "data: [DONE]"));

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"gpt","stream":true,"messages":[{"role":"user","content":"Weather in Paris?"}],%s}"""
        .formatted(TOOLS));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    List<JsonNode> calls = events.toolCallDeltas();
    assertThat(calls).hasSize(3);
    assertThat(calls.getFirst().path("id").asText()).isEqualTo("call_abc");
    assertThat(calls.getFirst().path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(calls).allSatisfy(c -> assertThat(c.path("index").asInt()).isZero());
    StringBuilder arguments = new StringBuilder();
    calls.forEach(c -> arguments.append(c.path("function").path("arguments").asText("")));
    assertThat(arguments.toString()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(events.finishReasons()).containsExactly("tool_calls");
    assertThat(events.usages()).isEmpty();
  }

  @Test
  void aFailingFirstTargetIsRetriedThenTheSecondTargetServes() {
    upstream.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
    upstream.json(500, "{\"error\":{\"message\":\"boom again\",\"type\":\"server_error\"}}");
    backup.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"resilient\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("Hello from upstream");
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("backup/second-model");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("3"); // retries (1) + 1 on the first, 1 on the second
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(RawHttp.json(upstream.takeRequest().body()).path("model").asText()).isEqualTo("first-model");
    assertThat(RawHttp.json(backup.takeRequest().body()).path("model").asText()).isEqualTo("second-model");
  }

  private static List<String> textStream() {
    return List.of(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
        chunk("{\"content\":\"Hello\"}", null),
        chunk("{\"content\":\" world\"}", null),
        chunk("{}", "stop"),
        "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}",
        "data: [DONE]");
  }

  private static String chunk(String delta, String finishReason) {
    String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
  }

  static void assertEveryEventIsADataLine(String body) {
    assertThat(body).endsWith("data: [DONE]\n\n");
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) assertThat(line).startsWith("data: ");
    }
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name));
  }
}
