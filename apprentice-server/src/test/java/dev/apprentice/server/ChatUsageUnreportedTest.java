package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An upstream that reports no usage (older Ollama and llama.cpp builds, some vLLM configs): a chat completion still
 * says what it used, as OpenAI's always does: the tokens the gateway counted for the call, marked by
 * {@code x-apprentice-usage-estimated} where headers can say it, as the Responses API does
 * ({@link ResponsesUsageUnreportedTest}). An answer that carries usage goes as it went before.
 */
class ChatUsageUnreportedTest {

  private static final String UNREPORTED = """
      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from upstream"},"finish_reason":"stop"}]}""";
  private static final String PLAIN = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String STREAMED = "{\"model\":\"gpt\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt: { targets: [ { provider: up, model: gpt-4o-2024-08-06 } ], retries: 0 }
        masked:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
          guard: { output: { pii: redact } }
        schema:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
          guard: { output: { json_schema: block, json_schema_retry: true } }
      """.formatted(upstream.baseUrl())).closing(upstream);

  @Test
  void aWholeAnswerWithoutUsageIsGivenTheTokensTheGatewayCountedAndSaysSo() {
    upstream.json(200, UNREPORTED);

    HttpResponse<String> answer = gateway.http().post("/v1/chat/completions", null, PLAIN);

    assertCounted(RawHttp.json(answer.body()).path("usage"));
    assertThat(answer.headers().firstValue("x-apprentice-usage-estimated")).contains("true");
  }

  @Test
  void aStreamWithoutUsageWhoseClientAskedForItEndsWithAUsageChunkOfTheTokensTheGatewayCounted() {
    upstream.sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", "null"),
        chunk("{\"content\":\" from upstream\"}", "\"stop\""), "data: [DONE]"));

    SseEvents events = SseEvents.parse(gateway.http().post("/v1/chat/completions", null, STREAMED).body());

    assertThat(events.endsWithDone()).isTrue();
    JsonNode last = events.chunks().getLast();
    assertThat(last.path("choices").isArray() && last.path("choices").isEmpty()).as("last chunk: %s", last).isTrue();
    assertThat(last.path("id").asText()).isEqualTo("chatcmpl-s");
    assertCounted(last.path("usage"));
    assertThat(events.usages()).hasSize(1);
  }

  @Test
  void aStreamAnOutputGuardHoldsBackEndsWithItsUsageChunkAfterTheLastTextItReleases() {
    upstream.sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"Write to jane.doe@exa\"}", "null"),
        chunk("{\"content\":\"mple.com\"}", "\"stop\""), "data: [DONE]"));

    SseEvents events = SseEvents.parse(gateway.http().post("/v1/chat/completions", null,
        STREAMED.replace("\"gpt\"", "\"masked\"")).body());

    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo("Write to <EMAIL_1>");
    JsonNode last = events.chunks().getLast();
    assertThat(last.path("choices").isEmpty()).as("last chunk: %s", last).isTrue();
    assertCounted(last.path("usage"));
    assertThat(events.usages()).hasSize(1);
  }

  @Test
  void aGuardsRetryAfterAnAnswerWithoutUsageSaysTheTokensOfBothAttemptsAsCounted() {
    upstream.json(200, UNREPORTED.replace("Hello from upstream", "{\\\"name\\\":\\\"Ada\\\"}"));
    upstream.json(200, "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"{\\\"name\\\":\\\"Ada\\\",\\\"age\\\":36}\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}");
    String person = "{\"model\":\"schema\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
        + "{\"name\":\"person\",\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
        + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"]}}},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Invent a person\"}]}";

    HttpResponse<String> answer = gateway.http().post("/v1/chat/completions", null, person);

    assertThat(upstream.requestCount()).isEqualTo(2);
    JsonNode usage = RawHttp.json(answer.body()).path("usage");
    assertCounted(usage);
    assertThat(usage.path("prompt_tokens").asInt()).as("both prompts: %s", usage).isGreaterThan(9);
    assertThat(usage.path("completion_tokens").asInt()).as("both answers: %s", usage).isGreaterThan(2);
    assertThat(answer.headers().firstValue("x-apprentice-usage-estimated")).contains("true");
  }

  @Test
  void aStreamTheUpstreamCutGetsNoUsageChunk() {
    upstream.sseCutMidBody(List.of(chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", "null")));

    SseEvents events = SseEvents.parse(gateway.http().post("/v1/chat/completions", null, STREAMED).body());

    assertThat(events.usages()).isEmpty();
    assertThat(events.endsWithDone()).isFalse();
  }

  @Test
  void aStreamWithoutUsageWhoseClientDidNotAskForItGetsNone() {
    upstream.sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", "\"stop\""), "data: [DONE]"));

    SseEvents events = SseEvents.parse(gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}").body());

    assertThat(events.usages()).isEmpty();
    assertThat(events.endsWithDone()).isTrue();
  }

  @Test
  void aWholeAnswerWithUsageGoesOutAsItCameWithoutTheHeader() {
    // in the form the gateway writes an answer (its fields in that order, refusal null): nothing of it changes
    String reported = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Hello\",\"refusal\":null},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
        + "\"completion_tokens\":2,\"total_tokens\":11,\"prompt_tokens_details\":{\"cached_tokens\":3,"
        + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":1,\"rejected_prediction_tokens\":0}},\"system_fingerprint\":\"fp_1\"}";
    upstream.json(200, reported);

    HttpResponse<String> answer = gateway.http().post("/v1/chat/completions", null, PLAIN);

    assertThat(answer.body()).isEqualTo(reported);
    assertThat(answer.headers().firstValue("x-apprentice-usage-estimated")).isEmpty();
  }

  @Test
  void aStreamWithUsageReachesTheClientByteForByte() {
    String usage = "data: {\"id\":\"chatcmpl-s\", \"object\":\"chat.completion.chunk\", \"created\":1700000000,"
        + " \"model\":\"gpt-4o\", \"choices\":[], \"usage\":{\"prompt_tokens\":9, \"completion_tokens\":2,"
        + " \"total_tokens\":11, \"prompt_tokens_details\":{\"cached_tokens\":0}}}";
    List<String> events = List.of(chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", "null"),
        chunk("{\"content\":\" from upstream\"}", "\"stop\""), usage, "data: [DONE]");
    upstream.sse(events);

    HttpResponse<String> answer = gateway.http().post("/v1/chat/completions", null, STREAMED);

    assertThat(answer.body()).isEqualTo(String.join("\n\n", events) + "\n\n");
    assertThat(answer.headers().firstValue("x-apprentice-usage-estimated")).isEmpty();
  }

  @Test
  void aCacheHitOfAnAnswerWithoutUsageReportsZeroTokensAsItsTraceBooksNone() throws Exception {
    for (int i = 0; i < 20; i++) upstream.json(200, UNREPORTED); // the answer is stored once written: a miss or two
    String request = "{\"model\":\"gpt\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    HttpResponse<String> hit = untilExactHit(gateway, "/v1/chat/completions", request);

    assertThat(hit.headers().firstValue("x-apprentice-cache")).contains("exact");
    JsonNode usage = RawHttp.json(hit.body()).path("usage");
    assertThat(usage.isObject()).as("usage: %s", usage).isTrue();
    assertThat(usage.path("prompt_tokens").asInt()).isZero();
    assertThat(usage.path("completion_tokens").asInt()).isZero();
    assertThat(usage.path("total_tokens").asInt()).isZero();
    assertThat(hit.headers().firstValue("x-apprentice-usage-estimated")).isEmpty();
  }

  /**
   * Posts {@code request} until the response cache answers it (the answer is stored once written, so the first call or
   * two miss); the last answer, a hit unless none came within five seconds.
   */
  static HttpResponse<String> untilExactHit(RunningGateway gateway, String path, String request) throws Exception {
    HttpResponse<String> answer = null;
    for (int i = 0; i < 100; i++) {
      answer = gateway.http().post(path, null, request);
      if ("exact".equals(answer.headers().firstValue("x-apprentice-cache").orElse(null))) break;
      Thread.sleep(50);
    }
    return answer;
  }

  private static void assertCounted(JsonNode usage) {
    assertThat(usage.isObject()).as("usage: %s", usage).isTrue();
    assertThat(usage.path("prompt_tokens").asInt()).isPositive();
    assertThat(usage.path("completion_tokens").asInt()).isPositive();
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").isInt()).isTrue();
    assertThat(usage.at("/prompt_tokens_details/cache_write_tokens").isInt()).isTrue();
    assertThat(usage.at("/completion_tokens_details/reasoning_tokens").isInt()).isTrue();
  }

  /** One upstream chat chunk's {@code data:} line, choice 0 with {@code delta} and {@code finish} (JSON). */
  static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
  }
}
