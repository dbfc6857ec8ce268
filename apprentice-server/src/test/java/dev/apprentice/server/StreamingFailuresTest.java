package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeProvider;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What a streaming client sees when the upstream breaks, stalls, or when the client itself goes away. */
class StreamingFailuresTest {

  private final FakeProvider primary = new FakeProvider("primary");
  private final FakeProvider secondary = new FakeProvider("secondary");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        primary: { type: simulator }
        secondary: { type: simulator }
        sim: { type: simulator }
        defective: { type: simulator }
        overflowing: { type: simulator }
        diskfail: { type: simulator }
      models:
        disk-failing:
          targets: [ { provider: diskfail, model: f-model } ]
          retries: 0
        broken:
          targets: [ { provider: defective, model: d-model } ]
          retries: 0
        overflowed:
          targets: [ { provider: overflowing, model: o-model } ]
          retries: 0
        slow-sim:
          targets: [ { provider: sim, model: sim-echo } ]
        single:
          targets: [ { provider: primary, model: p-model } ]
          retries: 0
        pair:
          targets:
            - { provider: primary, model: p-model }
            - { provider: secondary, model: s-model }
          retries: 0
          ttft_timeout_ms: 1000
      """, Map.of("primary", primary, "secondary", secondary,
      "defective", new DefectiveAfterFirstChunk(primary, () -> {
        throw new IllegalStateException("a defect");
      }),
      "overflowing", new DefectiveAfterFirstChunk(primary, () -> {
        throw new StackOverflowError();
      }),
      "diskfail", new DefectiveAfterFirstChunk(primary, () -> {
        throw new java.io.UncheckedIOException(new java.io.IOException("the index cannot be read"));
      })));
  private final RawHttp http = new RawHttp(gateway.server());

  /** The fakes close before the server, as they always did here ({@code @AfterEach} runs before {@code @AutoClose}). */
  @AfterEach
  void stopTheFakes() {
    primary.close();
    secondary.close();
  }

  @Test
  void anUpstreamFailureAfterTheFirstChunkEndsTheStreamWithAnErrorEventAndNoDone() {
    primary.then(FakeProvider.streamFailAfter(1, Kind.SERVER_ERROR));

    HttpResponse<String> response = http.post("/v1/chat/completions", stream("single"));

    assertThat(response.statusCode()).isEqualTo(200);
    ErrorAsserts.assertNoStackTrace(response.body());
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    List<JsonNode> json = events.json();
    assertThat(json).hasSize(2);
    assertThat(json.getFirst().path("choices").path(0).path("delta").path("content").asText()).isEqualTo("c0");
    JsonNode error = json.getLast().path("error");
    assertThat(error.path("type").asText()).isEqualTo("upstream_error");
    assertThat(error.path("code").asText()).isEqualTo("upstream_error");
    assertThat(error.path("message").asText()).isNotBlank();
  }

  @Test
  void aStreamBrokenByItsUpstreamIsCountedUnderTheCodeItsErrorEventAndItsErrorsTotalCarry() {
    primary.then(FakeProvider.streamFailAfter(1, Kind.SERVER_ERROR), FakeProvider.streamFailAfter(1, Kind.TIMEOUT));

    String broken = SseEvents.parse(http.post("/v1/chat/completions", stream("single")).body()).json().getLast()
        .path("error").path("code").asText();
    String timedOut = SseEvents.parse(http.post("/v1/chat/completions", stream("single")).body()).json().getLast()
        .path("error").path("code").asText();

    assertThat(List.of(broken, timedOut)).containsExactly("upstream_error", "upstream_timeout");
    List<String> metrics = List.of(http.get("/metrics").body().split("\n"));
    for (String code : List.of(broken, timedOut)) {
      assertThat(metrics).as(code)
          .contains("apprentice_stream_failures_total{api=\"chat_completions\",model=\"single\",reason=\"" + code + "\"} 1.0")
          .anyMatch(line -> line.startsWith("apprentice_errors_total{") && line.contains("code=\"" + code + "\"")
              && line.contains("model=\"single\"") && line.endsWith(" 1.0"));
    }
  }

  @Test
  void aDefectInsideTheGatewayAfterTheFirstChunkEndsTheStreamWithAnInternalErrorEventAndTheServerKeepsServing() {
    primary.then(FakeProvider.streamReply("one", " two", " three"), FakeProvider.reply("still here"));

    HttpResponse<String> response = http.post("/v1/chat/completions", stream("broken"));

    assertThat(response.statusCode()).isEqualTo(200);
    ErrorAsserts.assertNoStackTrace(response.body());
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    JsonNode error = events.json().getLast().path("error");
    assertThat(error.path("code").asText()).isEqualTo("internal_error");
    assertThat(error.path("message").asText()).contains("trace");
    assertThat(http.post("/v1/chat/completions", """
        {"model":"single","messages":[{"role":"user","content":"hi"}]}""").statusCode()).isEqualTo(200);
  }

  @Test
  void aStackOverflowAfterTheFirstChunkEndsTheStreamWithAnInternalErrorEventToo() {
    primary.then(FakeProvider.streamReply("one", " two", " three"));

    HttpResponse<String> response = http.post("/v1/chat/completions", stream("overflowed"));

    assertThat(response.statusCode()).isEqualTo(200);
    ErrorAsserts.assertNoStackTrace(response.body());
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    assertThat(events.json().getLast().path("error").path("code").asText()).isEqualTo("internal_error");
  }

  @Test
  void aServerSideIoFailureAfterTheFirstChunkEndsTheStreamWithAnInternalErrorNotAsADepartedClient() {
    primary.then(FakeProvider.streamReply("one", " two", " three"));

    HttpResponse<String> response = http.post("/v1/chat/completions", stream("disk-failing"));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    assertThat(events.json().getLast().path("error").path("code").asText()).isEqualTo("internal_error");
  }

  @Test
  void aChunkTheGatewayCannotWriteEndsTheStreamWithAnInternalErrorNotAsADepartedClient() {
    ChatChunk unwritable = FakeProvider.textChunk(" two");
    unwritable.extra().put("unwritable", new Object()); // no properties: Jackson refuses to write it
    primary.then(FakeProvider.streamChunks(FakeProvider.textChunk("one"), unwritable, FakeProvider.textChunk(" three")));

    HttpResponse<String> response = http.post("/v1/chat/completions", stream("single"));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    assertThat(events.json().getLast().path("error").path("code").asText()).as(response.body())
        .isEqualTo("internal_error");
    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("apprentice_stream_failures_total{api=\"chat_completions\",model=\"single\",reason=\"internal_error\"} 1.0")
        .doesNotContain("reason=\"client_disconnected\"");
  }

  /** A provider with a defect: reading its stream's second chunk runs {@code defect}, which throws. */
  private record DefectiveAfterFirstChunk(FakeProvider delegate, Runnable defect)
      implements dev.apprentice.api.ChatProvider {
    @Override
    public String name() {
      return "defective";
    }

    @Override
    public String type() {
      return "fake";
    }

    @Override
    public dev.apprentice.api.ChatResponse chat(dev.apprentice.api.ChatRequest request,
        dev.apprentice.api.CallContext context) throws dev.apprentice.api.ProviderException {
      return delegate.chat(request, context);
    }

    @Override
    public dev.apprentice.api.ChunkStream stream(dev.apprentice.api.ChatRequest request,
        dev.apprentice.api.CallContext context) throws dev.apprentice.api.ProviderException {
      dev.apprentice.api.ChunkStream rest = delegate.stream(request, context);
      return new dev.apprentice.api.ChunkStream() {
        private int read;

        @Override
        public dev.apprentice.api.ChatChunk next() throws dev.apprentice.api.ProviderException {
          if (read++ == 1) defect.run();
          return rest.next();
        }

        @Override
        public void close() {
          rest.close();
        }
      };
    }

    @Override
    public Capabilities capabilities() {
      return delegate.capabilities();
    }
  }

  @Test
  void aTargetWithNoFirstTokenInTimeFailsOverInvisibly() {
    primary.then(FakeProvider.streamStallBeforeFirst(Duration.ofSeconds(10)));
    secondary.then(FakeProvider.streamReply("from ", "the ", "second"));

    long started = System.nanoTime();
    HttpResponse<String> response = http.post("/v1/chat/completions", stream("pair"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("secondary/s-model");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("2");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo("from the second");
    assertThat(response.body()).doesNotContain("late");
    assertThat(events.json()).noneMatch(e -> e.has("error"));
    assertThat(primary.closes()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aClientThatDisconnectsMidStreamClosesTheUpstreamStream() throws Exception {
    primary.then(FakeProvider.streamStallAfter(1));

    HttpResponse<InputStream> response = http.postStreaming("/v1/chat/completions", stream("single"));
    assertThat(response.statusCode()).isEqualTo(200);
    InputStream body = response.body();
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    String first = reader.readLine();
    assertThat(first).startsWith("data: ").contains("\"c0\"");
    assertThat(primary.closes()).isZero();

    body.close();

    assertThat(eventually(primary::closes, 1, Duration.ofSeconds(5))).as("upstream streams closed").isEqualTo(1);
  }

  @Test
  void aSilentStretchMidStreamGetsAKeepAliveCommentThatLeavesTheEventsIntact() {
    // 0.6 tokens per second: about 1.7 s of silence between the two words, over the 1 s keep-alive interval
    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"slow-sim","stream":true,"metadata":{"sim_tps":"0.6"},
         "messages":[{"role":"user","content":"slow reply"}]}""");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\n\n: keep-alive\n\n");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo("slow reply");
  }

  /** Polls until the value reaches {@code expected} or the time is up; returns the last value read. */
  static int eventually(IntSupplier value, int expected, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    int current = value.getAsInt();
    while (current != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      current = value.getAsInt();
    }
    return current;
  }

  private static String stream(String model) {
    return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }
}
