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
 * A stream that started in time runs to its end: the time-to-first-token limit bounds only the wait for the first
 * chunk, never the pauses after it nor the stream's length (both providers over real HTTP).
 */
class LongStreamsTest {

  private static final Duration PAUSE = Duration.ofMillis(1600);
  private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
      + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
      + "\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}";

  private final FakeUpstream openai = new FakeUpstream();
  private final FakeUpstream anthropic = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        oai: { type: openai, base_url: "%s", api_key: sk-upstream }
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-upstream }
      models:
        gpt:
          targets: [ { provider: oai, model: gpt-4o-mini } ]
          retries: 0
          ttft_timeout_ms: 1200
          timeout_ms: 20000
        sonnet:
          targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
          retries: 0
          ttft_timeout_ms: 1200
          timeout_ms: 20000
        sonnet-or-gpt:
          targets: [ { provider: claude, model: claude-sonnet-4-5 }, { provider: oai, model: gpt-4o-mini } ]
          retries: 0
          ttft_timeout_ms: 1200
          timeout_ms: 20000
      """.formatted(openai.baseUrl(), anthropic.rootUrl()), "admin-key-long-streams", Clock.systemUTC())
      .closing(openai, anthropic);
  private final KeyedHttp http = gateway.http();

  private static String openAiChunk(String json) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"delta\":" + json + "}]}";
  }

  private static String anthropicText(String text) {
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}";
  }

  private HttpResponse<String> stream(String model) {
    return http.post("/v1/chat/completions", null, "{\"model\":\"" + model + "\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"think slowly\"}]}");
  }

  @Test
  void anOpenAiStreamThatPausesLongerThanTheFirstTokenLimitIsServedWhole() {
    openai.ssePaced(PAUSE, List.of(
        openAiChunk("{\"role\":\"assistant\",\"content\":\"one\"}"),
        openAiChunk("{\"content\":\" two\"}"),
        openAiChunk("{\"content\":\" three\"}"),
        openAiChunk("{},\"finish_reason\":\"stop\""),
        "data: [DONE]"));

    HttpResponse<String> response = stream("gpt");

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.json()).noneMatch(e -> e.has("error"));
    assertThat(events.text()).isEqualTo("one two three");
    assertThat(events.endsWithDone()).isTrue();
  }

  @Test
  void anAnthropicStreamLongerThanTheFirstTokenLimitIsServedWhole() {
    // message_start carries no token: the first one comes with it, in time; the pauses come after
    anthropic.ssePaced(PAUSE, List.of(
        ANTHROPIC_START + "\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" + anthropicText("one"),
        anthropicText(" two"),
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":2}}",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}"));

    HttpResponse<String> response = stream("sonnet");

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.json()).noneMatch(e -> e.has("error"));
    assertThat(events.text()).isEqualTo("one two");
    assertThat(events.endsWithDone()).isTrue();
  }

  @Test
  void anOpenAiUpstreamThatKeepsTheBodyOpenAfterDoneDoesNotHoldTheClientsEndBack() {
    openai.sseThenHold(Duration.ofSeconds(4), List.of(
        openAiChunk("{\"role\":\"assistant\",\"content\":\"done\"},\"finish_reason\":\"stop\""), "data: [DONE]"));

    long started = System.nanoTime();
    HttpResponse<String> response = stream("gpt");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(SseEvents.parse(response.body()).endsWithDone()).isTrue();
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("done");
  }

  @Test
  void aStreamThatEndsNormallyGivesItsUpstreamConnectionBackForTheNextCall() {
    // The client reads [DONE] before the gateway has read the upstream body to its end and pooled the connection, and
    // nothing outside the gateway shows when that is done: a next call sent at once may still open a new connection.
    // So calls go on until one arrives on a connection that served a call before; a connection never given back never
    // does. Bounded by a count, not a clock: each call is one more chance for the gateway to have pooled in time. On a
    // loaded machine the gateway's virtual thread may not run before the next call is sent, so the calls are spaced
    // a little more each time (at most 200 ms): a gateway that never gives connections back still fails, after ~8 s.
    int calls = 0;
    boolean reused = false;
    while (!reused && calls < 50) {
      if (calls > 0) pause(Math.min(10L * calls, 200));
      openai.sse(List.of(openAiChunk("{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\""),
          "data: [DONE]"));
      assertThat(SseEvents.parse(stream("gpt").body()).endsWithDone()).isTrue();
      reused = openai.takeRequest().raw().getExchangeIndex() > 0;
      calls++;
    }

    assertThat(reused).as("some call of %d reused an upstream connection", calls).isTrue();
  }

  @Test
  void anAnthropicUpstreamThatKeepsTheBodyOpenAfterMessageStopDoesNotHoldTheClientsEndBack() {
    anthropic.sseThenHold(Duration.ofSeconds(4), List.of(
        ANTHROPIC_START,
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        anthropicText("done"),
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":1}}",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}"));

    long started = System.nanoTime();
    HttpResponse<String> response = stream("sonnet");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(SseEvents.parse(response.body()).endsWithDone()).isTrue();
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("done");
  }

  @Test
  void anUpstreamThatSendsNoFirstChunkInTimeStillTimesOutAtTheFirstTokenLimit() {
    openai.sseDelayed(Duration.ofSeconds(5), List.of(openAiChunk("{\"content\":\"late\"}"), "data: [DONE]"));

    long started = System.nanoTime();
    HttpResponse<String> response = stream("gpt");

    ErrorAsserts.assertError(response, 504, "upstream_error", "upstream_timeout", null);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anAnthropicTextDeltaFollowedByAPingIsSentBeforeTheUpstreamFallsSilent() {
    String stop = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
        + "\"usage\":{\"output_tokens\":2}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}";
    // one network read brings the text and a ping (an event with no chunk); then 1.6 s of silence
    anthropic.ssePaced(Duration.ofMillis(1600), List.of(
        ANTHROPIC_START + "\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" + anthropicText("one")
            + "\n\nevent: ping\ndata: {\"type\":\"ping\"}",
        anthropicText(" two") + "\n\n" + stop));

    HttpResponse<String> response = stream("sonnet");

    assertThat(response.body()).as("the text was flushed and the silence kept alive")
        .contains("\n\n: keep-alive\n\n");
    assertThat(response.body().indexOf("one")).isLessThan(response.body().indexOf(": keep-alive"));
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("one two");
  }

  @Test
  void anAnthropicStreamThatStallsAfterMessageStartFailsOverAtTheFirstTokenLimit() {
    anthropic.ssePaced(Duration.ofSeconds(3), List.of(ANTHROPIC_START, anthropicText("too late")));
    openai.sse(List.of(openAiChunk("{\"role\":\"assistant\",\"content\":\"rescued\"},\"finish_reason\":\"stop\""),
        "data: [DONE]"));

    HttpResponse<String> response = stream("sonnet-or-gpt");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("oai/gpt-4o-mini");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("2");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.json()).noneMatch(e -> e.has("error"));
    assertThat(events.text()).isEqualTo("rescued");
  }

  @Test
  void anAnthropicOverloadedErrorRightAfterMessageStartFailsOverInvisibly() {
    anthropic.sse(List.of(ANTHROPIC_START, "event: error\ndata: {\"type\":\"error\","
        + "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    openai.sse(List.of(openAiChunk("{\"role\":\"assistant\",\"content\":\"rescued\"},\"finish_reason\":\"stop\""),
        "data: [DONE]"));

    HttpResponse<String> response = stream("sonnet-or-gpt");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("oai/gpt-4o-mini");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.json()).noneMatch(e -> e.has("error"));
    assertThat(events.text()).isEqualTo("rescued");
    assertThat(events.endsWithDone()).isTrue();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
