package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** OpenAI-compatible chunks are forwarded as the upstream wrote them, except where the gateway must change them. */
class StreamPassthroughTest {

  private static final String ROLE = "{\"id\":\"c1\", \"object\":\"chat.completion.chunk\", \"created\":1, "
      + "\"model\":\"m\", \"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}], \"x_vendor\":{\"k\":1}}";
  private static final String TEXT = "{\"id\":\"c1\", \"object\":\"chat.completion.chunk\", \"created\":1, "
      + "\"model\":\"m\", \"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
  private static final String FINISH = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
  private static final String USAGE = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s" }
      models:
        gpt: { targets: [ { provider: up, model: m } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void unchangedChunksReachTheClientByteForByte() {
    upstream.sse(List.of("data: " + ROLE, "data: " + TEXT, "data: " + FINISH, "data: " + USAGE, "data: [DONE]"));

    String body = http.post("/v1/chat/completions", """
        {"model":"gpt","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""").body();

    assertThat(body).isEqualTo("data: " + ROLE + "\n\ndata: " + TEXT + "\n\ndata: " + FINISH + "\n\ndata: " + USAGE
        + "\n\ndata: [DONE]\n\n");
  }

  @Test
  void theUsageChunkTheClientDidNotAskForIsStillRemoved() {
    upstream.sse(List.of("data: " + ROLE, "data: " + TEXT, "data: " + FINISH, "data: " + USAGE, "data: [DONE]"));

    String body = http.post("/v1/chat/completions", """
        {"model":"gpt","stream":true,"messages":[{"role":"user","content":"x"}]}""").body();

    assertThat(body).doesNotContain("prompt_tokens").contains("data: " + TEXT + "\n\n").endsWith("data: [DONE]\n\n");
  }

  @Test
  void aChunkSentAsSeveralDataLinesIsReEncodedOnOneLine() {
    String split = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\n"
        + "data: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
    upstream.sse(List.of("data: " + ROLE, "data: " + split, "data: " + FINISH, "data: [DONE]"));

    String body = http.post("/v1/chat/completions", """
        {"model":"gpt","stream":true,"messages":[{"role":"user","content":"x"}]}""").body();

    SseEvents events = SseEvents.parse(body);
    assertThat(events.text()).isEqualTo("Hi");
    assertThat(events.endsWithDone()).isTrue();
  }

  @Test
  void aReEncodedChunkKeepsItsChoicesUnknownFieldsSuchAsAzuresContentFilterResults() {
    String split = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\n"
        + "data: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
        + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}}]}";
    upstream.sse(List.of("data: " + ROLE, "data: " + split, "data: " + FINISH, "data: [DONE]"));

    String body = http.post("/v1/chat/completions", """
        {"model":"gpt","stream":true,"messages":[{"role":"user","content":"x"}]}""").body();

    assertThat(body).contains("\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}");
  }
}
