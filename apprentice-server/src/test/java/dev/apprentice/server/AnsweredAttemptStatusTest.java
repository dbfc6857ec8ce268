package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An attempt that was answered keeps, in its trace, the HTTP status its upstream's answer began with (200, or
 * whichever 2xx it was), as a failed one keeps its error status: for whole answers and streams, chat completions,
 * Responses and embeddings, from every provider type.
 */
class AnsweredAttemptStatusTest {

  private static final String ADMIN_KEY = "admin-key-answered-status";
  private static final String EMBEDDINGS = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""";
  private static final String CLAUDE_ANSWER = """
      {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"text","text":"Hello"}],
       "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}""";

  private final FakeUpstream openai = new FakeUpstream();
  private final FakeUpstream second = new FakeUpstream();
  private final FakeUpstream claude = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        one: { type: openai, base_url: "%s", api_key: sk-one }
        two: { type: openai, base_url: "%s", api_key: sk-two }
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test }
        sim: { type: simulator }
      models:
        chat:
          targets: [ { provider: one, model: gpt-4o-mini } ]
          retries: 0
        pair:
          targets: [ { provider: one, model: gpt-4o-mini }, { provider: two, model: gpt-4o-mini } ]
          retries: 0
        embed:
          targets: [ { provider: one, model: text-embedding-3-small } ]
          retries: 0
        smart:
          targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
          retries: 0
        simulated:
          targets: [ { provider: sim, model: sim-fixed } ]
      """.formatted(openai.baseUrl(), second.baseUrl(), claude.rootUrl()), ADMIN_KEY, Clock.systemUTC())
      .closing(openai, second, claude);
  private final KeyedHttp http = gateway.http();

  private static String chat(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
  }

  @Test
  void aWholeAnswerKeepsTheTwoHundredStatusItsUpstreamAnsweredWithWhicheverItWas() {
    openai.json(203, UpstreamAnswers.COMPLETION);

    assertThat(statuses(http.post("/v1/chat/completions", null, chat("chat", false)))).containsExactly(203);
  }

  @Test
  void aStreamKeepsTheStatusItsAnswerBeganWith() {
    openai.sse(List.of("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}", "data: [DONE]"));

    assertThat(statuses(http.post("/v1/chat/completions", null, chat("chat", true)))).containsExactly(200);
  }

  @Test
  void aStreamThatOpenedWithTwoHundredButEndedBeforeItsFirstTokenKeepsTheTwoHundredItsUpstreamAnsweredWith() {
    openai.sse(List.of("data: [DONE]"));
    second.sse(List.of("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}", "data: [DONE]"));

    assertThat(statuses(http.post("/v1/chat/completions", null, chat("pair", true)))).as("the first failed, answered")
        .containsExactly(200, 200);
  }

  @Test
  void aFallbackAfterAnErrorKeepsBothStatuses() {
    openai.json(500, "{\"error\":{\"message\":\"boom\"}}");
    second.json(200, UpstreamAnswers.COMPLETION);

    assertThat(statuses(http.post("/v1/chat/completions", null, chat("pair", false)))).containsExactly(500, 200);
  }

  @Test
  void aResponsesCallKeepsItsUpstreamsStatus() {
    openai.json(200, UpstreamAnswers.COMPLETION);

    assertThat(statuses(http.post("/v1/responses", null, "{\"model\":\"chat\",\"input\":\"hello\"}")))
        .containsExactly(200);
  }

  @Test
  void anEmbeddingCallKeepsItsUpstreamsStatus() {
    openai.json(200, EMBEDDINGS);

    assertThat(statuses(http.post("/v1/embeddings", null, "{\"model\":\"embed\",\"input\":\"where is my card\"}")))
        .containsExactly(200);
  }

  @Test
  void anAnthropicAnswerKeepsItsUpstreamsStatus() {
    claude.json(200, CLAUDE_ANSWER);

    assertThat(statuses(http.post("/v1/chat/completions", null, chat("smart", false)))).containsExactly(200);
  }

  @Test
  void theSimulatorsAnswersBeginWithTwoHundredAsItsSimulatedFailuresCarryTheirOwnStatus() {
    assertThat(statuses(http.post("/v1/chat/completions", null, chat("simulated", false)))).containsExactly(200);
    assertThat(statuses(http.post("/v1/chat/completions", null, chat("simulated", true)))).containsExactly(200);
  }

  /** The call's attempts' {@code http_status}, in order, once it was answered. */
  private List<Integer> statuses(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    List<Integer> statuses = new java.util.ArrayList<>();
    trace.path("attempts").forEach(a -> statuses.add(a.path("http_status").asInt()));
    return statuses;
  }
}
