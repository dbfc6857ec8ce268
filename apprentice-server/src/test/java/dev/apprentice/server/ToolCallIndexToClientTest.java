package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Tool-call fragments that an upstream sent without {@code index} (Ollama, Gemini) reach the client with the index
 * OpenAI's SDKs assemble calls by; chunks that need no index are still forwarded as the upstream wrote them.
 */
class ToolCallIndexToClientTest {

  private static final String ROLE = "{\"id\":\"c1\", \"object\":\"chat.completion.chunk\", \"created\":1, "
      + "\"model\":\"m\", \"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
  private static final String FINISH = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s" }
      models:
        gpt: { targets: [ { provider: up, model: m } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  private static String fragments(String toolCalls) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":" + toolCalls + "}}]}";
  }

  private String streamed() {
    return http.post("/v1/chat/completions", """
        {"model":"gpt","stream":true,"messages":[{"role":"user","content":"x"}]}""").body();
  }

  @Test
  void theFragmentsOfOneCallSentWithoutIndexAllReachTheClientAtIndexZero() {
    upstream.sse(List.of("data: " + ROLE,
        fragments("[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]"),
        fragments("[{\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]"),
        fragments("[{\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]"),
        "data: " + FINISH, "data: [DONE]"));

    String body = streamed();

    assertThat(body).startsWith("data: " + ROLE + "\n\n").contains("data: " + FINISH + "\n\n");
    assertThat(body).contains("\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]");
    assertThat(body).contains("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]");
    assertThat(body).contains("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]");
    assertThat(body).doesNotContain("\"tool_calls\":[{\"id\"").doesNotContain("\"tool_calls\":[{\"function\"");
  }

  @Test
  void twoWholeCallsSentOneAfterTheOtherWithoutIndexReachTheClientAtIndexesZeroAndOne() {
    upstream.sse(List.of("data: " + ROLE,
        fragments("[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]"),
        fragments("[{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"time\","
            + "\"arguments\":\"{}\"}}]"),
        "data: " + FINISH, "data: [DONE]"));

    String body = streamed();

    assertThat(body).contains("\"tool_calls\":[{\"index\":0,\"id\":\"call_a\"")
        .contains("\"tool_calls\":[{\"index\":1,\"id\":\"call_b\"")
        .doesNotContain("\"tool_calls\":[{\"id\"");
    assertThat(SseEvents.parse(body).endsWithDone()).isTrue();
  }

  @Test
  void fragmentsThatCarryTheirIndexAreForwardedAsTheUpstreamWroteThem() {
    String indexed = fragments("[{\"index\":0, \"id\":\"call_1\", \"type\":\"function\", "
        + "\"function\":{\"name\":\"weather\", \"arguments\":\"{}\"}}]");
    upstream.sse(List.of("data: " + ROLE, indexed, "data: " + FINISH, "data: [DONE]"));

    assertThat(streamed()).isEqualTo("data: " + ROLE + "\n\n" + indexed + "\n\ndata: " + FINISH
        + "\n\ndata: [DONE]\n\n");
  }
}
