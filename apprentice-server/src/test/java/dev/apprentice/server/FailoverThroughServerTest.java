package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A target that is silent, hangs or fails slowly leaves the next target time to answer: each try has its own limit,
 * a try that got no answer in time fails over at once, and a retry that would eat the time the next target needs is
 * not made. Two fake OpenAI-compatible upstreams on real sockets, the first in trouble.
 */
class FailoverThroughServerTest {

  private static final String ERROR = "{\"error\":{\"message\":\"upstream trouble\",\"type\":\"server_error\"}}";
  private static final String TEXT = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
  private static final String FINISH = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
  private static final List<String> EVENTS = List.of("data: " + TEXT, "data: " + FINISH, "data: [DONE]");

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
          timeout_ms: 1200
        lone:
          targets: [ { provider: first, model: l1 } ]
          retries: 0
      """.formatted(first.baseUrl(), second.baseUrl()), "admin-key-failover", Clock.systemUTC()).closing(first, second);
  private final KeyedHttp http = gateway.http();

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void aStreamWhoseFirstTokenIsLateFailsOverAtOnceInsteadOfAskingTheSilentTargetAgain() {
    first.sseDelayed(Duration.ofSeconds(8), EVENTS); // far past the first-token limit; the limit is generous
    // so that the answering target's first token makes it on a loaded machine
    second.sse(EVENTS);

    HttpResponse<String> response = http.post("/v1/chat/completions", null,
        "{\"model\":\"streamed\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"Hi\"").endsWith("data: [DONE]\n\n");
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("second/s2");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("2");
    assertThat(first.requestCount()).isEqualTo(1);
  }

  @Test
  void aTargetThatNeverAnswersAWholeAnswerLeavesTheNextTargetTimeToAnswer() {
    first.delayed(Duration.ofSeconds(5), 200, UpstreamAnswers.completion("too late"));
    second.json(200, UpstreamAnswers.completion("from the second"));

    HttpResponse<String> response = http.chat(null, "whole", "hi");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("from the second");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("2");
  }

  @Test
  void aWholeAnswerThatTricklesInPastItsTrysShareLeavesTheNextTargetTimeToAnswer() {
    // its status at once, then a space every 200 ms for 10 s: no read waits long, the answer as a whole does
    first.jsonTrickled(Duration.ofMillis(200), 50, UpstreamAnswers.completion("too late"));
    second.json(200, UpstreamAnswers.completion("from the second"));

    HttpResponse<String> response = http.chat(null, "whole", "hi");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("from the second");
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("second/w2");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("2");
  }

  @Test
  void aSlowFailureIsNotRetriedWhenTheRetryWouldLeaveTheNextTargetTooLittleTime() {
    first.delayed(Duration.ofMillis(400), 500, ERROR);
    second.json(200, UpstreamAnswers.completion("from the second"));

    HttpResponse<String> response = http.chat(null, "whole", "hi");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(header(response, "x-apprentice-served-by")).isEqualTo("second/w2");
    assertThat(header(response, "x-apprentice-attempts")).isEqualTo("2");
    assertThat(first.requestCount()).isEqualTo(1);
  }

  @Test
  void anUpstreamsOwn504IsA504ThatNamesTheAttemptRatherThanClaimingTheDeadlinePassed() {
    first.json(504, ERROR);

    HttpResponse<String> response = http.chat(null, "lone", "hi");

    JsonNode error = assertError(response, 504, "upstream_error", "upstream_timeout", null);
    assertThat(error.path("message").asText())
        .startsWith("every attempt at model 'lone' timed out: first/l1: TIMEOUT (HTTP 504)")
        .doesNotContain("did not answer within");
  }
}
