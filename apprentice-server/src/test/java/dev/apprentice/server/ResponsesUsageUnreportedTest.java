package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An upstream that reports no usage (older vLLM, Ollama and llama.cpp builds): the Response still carries a usage
 * object, the tokens the gateway counted for the call, since OpenAI always sends one on a finished Response and typed
 * clients (the Vercel AI SDK's openai-responses provider) refuse {@code "usage": null}.
 */
class ResponsesUsageUnreportedTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt: { targets: [ { provider: up, model: gpt-4o-2024-08-06 } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);

  @Test
  void aWholeAnswerWithoutUsageIsGivenTheTokensTheGatewayCountedAndSaysSo() {
    upstream.json(200, """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from upstream"},"finish_reason":"stop"}]}""");

    java.net.http.HttpResponse<String> answer =
        gateway.http().post("/v1/responses", null, "{\"model\":\"gpt\",\"input\":\"Say hello\"}");

    assertCounted(RawHttp.json(answer.body()).path("usage"));
    assertThat(answer.headers().firstValue("x-apprentice-usage-estimated")).contains("true");
  }

  @Test
  void aStreamWithoutUsageEndsWithTheTokensTheGatewayCounted() {
    upstream.sse(List.of(ChatUsageUnreportedTest.chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", "null"),
        ChatUsageUnreportedTest.chunk("{\"content\":\" from upstream\"}", "\"stop\""), "data: [DONE]"));

    String body = gateway.http().post("/v1/responses", null,
        "{\"model\":\"gpt\",\"stream\":true,\"input\":\"Say hello\"}").body();

    assertCounted(ResponseEvents.parse(body).only("response.completed").at("/response/usage"));
  }

  @Test
  void aCacheHitOfAnAnswerWithoutUsageReportsZeroTokensAsItsTraceBooksNone() throws Exception {
    String answer = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from upstream"},"finish_reason":"stop"}]}""";
    for (int i = 0; i < 20; i++) upstream.json(200, answer); // the answer is stored once written: a miss or two first
    String request = "{\"model\":\"gpt\",\"temperature\":0,\"input\":\"Say hello\"}";
    java.net.http.HttpResponse<String> hit = ChatUsageUnreportedTest.untilExactHit(gateway, "/v1/responses", request);

    assertThat(hit.headers().firstValue("x-apprentice-cache")).contains("exact");
    JsonNode usage = RawHttp.json(hit.body()).path("usage");
    assertThat(usage.isObject()).as("usage: %s", usage).isTrue();
    assertThat(usage.path("input_tokens").asInt()).isZero();
    assertThat(usage.path("output_tokens").asInt()).isZero();
    assertThat(usage.path("total_tokens").asInt()).isZero();
    assertThat(hit.headers().firstValue("x-apprentice-usage-estimated")).isEmpty();
  }

  private static void assertCounted(JsonNode usage) {
    assertThat(usage.isObject()).as("usage: %s", usage).isTrue();
    assertThat(usage.path("input_tokens").asInt()).isPositive();
    assertThat(usage.path("output_tokens").asInt()).isPositive();
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("input_tokens").asInt() + usage.path("output_tokens").asInt());
    assertThat(usage.at("/input_tokens_details/cached_tokens").isInt()).isTrue();
    assertThat(usage.at("/output_tokens_details/reasoning_tokens").isInt()).isTrue();
  }
}
