package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A try's limit bounds every read the try makes, not only the wait for its answer to start: a stream request's first
 * target whose error body or whole JSON answer trickles in is cut at its first-token limit, and a whole answer whose
 * body stalls just before its try's limit is cut there, not at the socket's read timeout; either way the second
 * target still has time to answer; an embedding's try is cut as a whole chat answer's is. Two fake
 * OpenAI-compatible upstreams on real sockets, the first in trouble.
 */
class TryLimitsCutReadsThroughServerTest {

  private static final String ERROR = "{\"error\":{\"message\":\"upstream trouble\",\"type\":\"server_error\"}}";
  private static final String TEXT = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
  private static final List<String> EVENTS = List.of("data: " + TEXT, "data: [DONE]");
  private static final String EMBEDDINGS = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
      + "\"embedding\":[0.6,0.8]}],\"model\":\"e\",\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}";
  /** A space every 200 ms for 20 s: no read waits long, and the body outlasts the call's deadline. */
  private static final Duration PAUSE = Duration.ofMillis(200);
  private static final int KEEP_ALIVES = 100;

  private final FakeUpstream first = new FakeUpstream();
  private final FakeUpstream second = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        first: { type: openai, base_url: "%s", api_key: sk-1 }
        second: { type: openai, base_url: "%s", api_key: sk-2 }
      models:
        streamed:
          targets: [ { provider: first, model: s1 }, { provider: second, model: s2 } ]
          ttft_timeout_ms: 1500
          timeout_ms: 10000
        whole:
          targets: [ { provider: first, model: w1 }, { provider: second, model: w2 } ]
          attempt_timeout_ms: 2000
          timeout_ms: 3000
        embed:
          targets: [ { provider: first, model: e1 }, { provider: second, model: e2 } ]
          attempt_timeout_ms: 2000
          timeout_ms: 3000
      """.formatted(first.baseUrl(), second.baseUrl()), "admin-key-try-limits", Clock.systemUTC())
      .closing(first, second);
  private final KeyedHttp http = gateway.http();

  private HttpResponse<String> stream() {
    return http.post("/v1/chat/completions", null,
        "{\"model\":\"streamed\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private static void answeredBy(HttpResponse<String> response, String target) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).contains(target);
    assertThat(response.headers().firstValue("x-apprentice-attempts")).contains("2");
  }

  @Test
  void aStreamWhoseErrorBodyTricklesInFailsOverAtItsFirstTokenLimit() {
    first.jsonTrickled(500, PAUSE, KEEP_ALIVES, ERROR);
    second.sse(EVENTS);

    HttpResponse<String> response = stream();

    answeredBy(response, "second/s2");
    assertThat(response.body()).contains("\"Hi\"");
  }

  @Test
  void aStreamAnsweredWithAWholeJsonAnswerThatTricklesInFailsOverAtItsFirstTokenLimit() {
    first.jsonTrickled(PAUSE, KEEP_ALIVES, UpstreamAnswers.completion("too late"));
    second.sse(EVENTS);

    HttpResponse<String> response = stream();

    answeredBy(response, "second/s2");
    assertThat(response.body()).contains("\"Hi\"").doesNotContain("too late");
  }

  @Test
  void aWholeAnswerWhoseBodyStallsJustBeforeItsTrysLimitIsCutThereAndTheNextTargetAnswers() {
    // a space at 1.5 s, the read after it waiting on: left to the socket's read timeout (the try's 2 s), it would
    // end past the call's 3 s (the JSON comes at 4.5 s)
    first.jsonStalled(Duration.ofMillis(1500), Duration.ofSeconds(3), UpstreamAnswers.completion("too late"));
    second.json(200, UpstreamAnswers.completion("from the second"));

    HttpResponse<String> response = http.chat(null, "whole", "hi");

    answeredBy(response, "second/w2");
    assertThat(response.body()).contains("from the second");
  }

  @Test
  void anEmbeddingWhoseBodyStallsJustBeforeItsTrysLimitIsCutThereAndTheNextTargetAnswers() {
    first.jsonStalled(Duration.ofMillis(1500), Duration.ofSeconds(3), EMBEDDINGS);
    second.json(200, EMBEDDINGS);

    HttpResponse<String> response = http.post("/v1/embeddings", null, "{\"model\":\"embed\",\"input\":\"hi\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-attempts")).contains("2");
    assertThat(second.requestCount()).isEqualTo(1);
  }
}
