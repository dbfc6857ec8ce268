package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code logprobs} spell an answer token by token: under {@code guard.output.pii: redact} a value taken out of the
 * text must not reach the client, or the trace, through them, whole or streamed.
 */
class LogprobsUnderOutputRedactionThroughServerTest {

  private static final String OTHER = "carol.ng@acme-bank.example.org";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.onOpenAiUpstream(upstream, """
      masked:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
        guard: { output: { pii: redact } }
      """);

  private static String logprobs(String token) {
    return "{\"content\":[{\"token\":\"" + token + "\",\"logprob\":-0.1,\"bytes\":null,\"top_logprobs\":[]}]}";
  }

  private static String chunk(String content, String finish) {
    return "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":"
        + "[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"logprobs\":" + logprobs(content)
        + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
  }

  @Test
  void aRedactedAnswerReachesTheClientAndTheTraceWithoutTheLogprobsThatSpellTheValue() {
    upstream.json(200, """
        {"id":"c","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{
          "role":"assistant","content":"Write to %s"},"logprobs":%s,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}""".formatted(OTHER, logprobs(OTHER)));

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"masked\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Who handles refunds?\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("Write to <EMAIL_1>").doesNotContain("carol");
    String trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow())
        .toString();
    assertThat(trace).contains("<EMAIL_1>").doesNotContain("carol");
  }

  @Test
  void aHeldStreamReachesTheClientWithoutLogprobs() {
    upstream.sse(List.of(chunk("Write to ", null), chunk(OTHER, null), chunk(" today", "stop"), "data: [DONE]"));

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, "{\"model\":\"masked\","
        + "\"stream\":true,\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Who handles refunds?\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("Write to <EMAIL_1> today");
    assertThat(response.body()).doesNotContain("carol");
  }
}
