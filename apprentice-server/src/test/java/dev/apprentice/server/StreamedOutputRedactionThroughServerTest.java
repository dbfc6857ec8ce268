package dev.apprentice.server;

import static dev.apprentice.server.BankAnswers.EMAIL;
import static dev.apprentice.server.BankAnswers.KEY;
import static dev.apprentice.server.BankAnswers.PROSE;
import static dev.apprentice.server.StreamingFailuresTest.eventually;
import static dev.apprentice.testing.FakeProvider.roleChunk;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.testing.FakeProvider;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code guard.output.pii: redact} on a stream: the tail that could still be part of a value is held back, and the
 * value reaches the client as a placeholder, never in clear — checked on the SSE bytes the client reads.
 */
class StreamedOutputRedactionThroughServerTest {

  private static final String CALLER_EMAIL = "jane.doe@example.com";

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      masked:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
        guard: { output: { pii: redact } }
      both-ways:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { input: { pii: redact }, output: { pii: redact } }
      strict:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { output: { pii: redact, secrets: block } }
      cached:
        targets: [ { provider: up, model: gpt-4o } ]
        cache: { mode: exact }
        guard: { output: { pii: redact } }
      refusing:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { output: { secrets: block } }
      """);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void anEmailSplitAcrossThreeChunksReachesTheClientAsAPlaceholderAndNeverInClear() {
    upstream.then(streamReply(PROSE + "Write to supp", "ort@acme-bank.exa", "mple.org for refunds."));

    HttpResponse<String> response = stream("masked", "Who handles refunds?", false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("supp").doesNotContain("acme").doesNotContain("mple.org");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo(PROSE + "Write to <EMAIL_1> for refunds.");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(AdminClient.list(trace.path("guard"))).singleElement().satisfies(verdict -> {
      assertThat(verdict.path("direction").asText()).isEqualTo("output");
      assertThat(verdict.path("action").asText()).isEqualTo("redact");
      assertThat(verdict.path("findings").path("EMAIL_ADDRESS").asInt()).isEqualTo(1);
    });
    assertThat(trace.toString()).contains("Write to <EMAIL_1> for refunds.").doesNotContain(EMAIL);
  }

  @Test
  void aValueAtTheVeryEndIsRedactedInTheFinalFlush() {
    upstream.then(streamReply("Write to ", EMAIL));

    HttpResponse<String> response = stream("masked", "Who handles refunds?", false);

    assertThat(response.body()).doesNotContain(EMAIL).doesNotContain("acme");
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("Write to <EMAIL_1>");
  }

  @Test
  void theCallersOwnValueIsRestoredAndTheAnswersOwnIsRedactedAfterIt() {
    upstream.then(streamReply(PROSE + "Forwarded to <EMA", "IL_1>, with a copy to " + EMAIL.substring(0, 9),
        EMAIL.substring(9) + "."));

    HttpResponse<String> response = stream("both-ways", "Forward it to " + CALLER_EMAIL, false);

    assertThat(upstream.received().getLast().request().messages().getFirst().content().text())
        .isEqualTo("Forward it to <EMAIL_1>");
    assertThat(response.body()).doesNotContain(EMAIL);
    assertThat(SseEvents.parse(response.body()).text())
        .isEqualTo(PROSE + "Forwarded to " + CALLER_EMAIL + ", with a copy to <EMAIL_2>.");
  }

  @Test
  void anAnswerWithoutValuesArrivesWholeWithItsFinishChunkAndTheUsageTheClientAskedFor() {
    List<String> chunks = List.of(PROSE, "Your card ", "arrives on ", "Monday. ", PROSE, "Anything else?");
    upstream.then(streamReply(chunks.toArray(String[]::new)));

    HttpResponse<String> response = stream("masked", "When does my card arrive?", true);

    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo(String.join("", chunks));
    assertThat(events.chunks()).anySatisfy(c -> assertThat(c.path("choices").path(0).path("finish_reason").asText())
        .isEqualTo("stop"));
    assertThat(events.usages()).singleElement();
    assertThat(events.chunks().getLast().path("choices").size()).isZero();
  }

  @Test
  void aBlockStillEndsTheStreamWithTheErrorEventAndTheRefusedKeyNeverGoesOut() {
    upstream.then(streamReply(PROSE + PROSE + "Write to " + EMAIL + ". " + PROSE + "Then use sk-" + "proj-4155",
        "552671abcdefGHIJKLmnop1234", " now."));

    HttpResponse<String> response = stream("strict", "the key?", false);

    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    assertThat(events.json().getLast().path("error").path("code").asText()).isEqualTo("content_blocked");
    assertThat(events.json().getLast().path("error").path("message").asText())
        .isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
    assertThat(response.body()).doesNotContain(EMAIL).doesNotContain("sk-").contains("Write to <EMAIL_1>.");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(AdminClient.list(trace.path("guard"))).extracting(v -> v.path("scanner").asText() + ":"
        + v.path("action").asText()).containsExactly("pii:redact", "secrets:block");
    assertThat(trace.toString()).doesNotContain(KEY);
  }

  @Test
  void aBlockScannerAloneHoldsTheStreamSoTheRefusedKeyNeverGoesOut() {
    upstream.then(streamReply(PROSE + PROSE + "Then use sk-" + "proj-4155", "552671abcdefGHIJKLmnop1234", " now. " + PROSE));

    HttpResponse<String> response = stream("refusing", "the key?", false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("sk-").doesNotContain("4155").doesNotContain("GHIJKL")
        .contains("Our team reviewed");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    assertThat(events.json().getLast().path("error").path("code").asText()).isEqualTo("content_blocked");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(AdminClient.list(trace.path("guard"))).extracting(v -> v.path("scanner").asText() + ":"
        + v.path("action").asText()).containsExactly("secrets:block");
  }

  @Test
  void aKeyRefusedInTheFirstChunkIsAPlain422InsteadOfAStream() throws Exception {
    upstream.then(FakeProvider.streamChunks(textChunk(PROSE + PROSE + "Use " + KEY + " now. " + PROSE),
        FakeProvider.chunk(new ChatChunk.Delta(null, null, null, null, null), "stop")));

    HttpResponse<String> response = stream("refusing", "the key?", false);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/json"));
    assertThat(response.body()).doesNotContain(KEY).doesNotContain("data:");
    JsonNode error = RawHttp.JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("content_blocked");
    assertThat(error.path("message").asText())
        .isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
  }

  @Test
  void aClientThatLeavesWhileAValueIsHeldClosesTheUpstreamAndNeverGetsTheValue() throws Exception {
    upstream.then(FakeProvider.streamChunksThenStall(roleChunk(), textChunk("Write to supp"),
        textChunk("ort@acme-bank.example.org")));

    HttpResponse<InputStream> leaving = new RawHttp(gateway.server()).postStreaming("/v1/chat/completions",
        body("masked", "Who handles refunds?", false));
    BufferedReader reader = new BufferedReader(new InputStreamReader(leaving.body(), StandardCharsets.UTF_8));
    String first = reader.readLine();
    leaving.body().close();

    assertThat(first).startsWith("data: ").doesNotContain("supp");
    assertThat(eventually(upstream::closes, 1, Duration.ofSeconds(5))).as("upstream streams closed").isEqualTo(1);
    upstream.then(streamReply("Still here."));
    assertThat(SseEvents.parse(stream("masked", "hello?", false).body()).text()).isEqualTo("Still here.");
  }

  @Test
  void aStreamReplayedFromTheCacheIsRedactedAsTheFirstOneWas() throws Exception {
    upstream.byDefault(streamReply(PROSE + "Write to ", EMAIL));
    String body = body("cached", "Who handles refunds?", false).replace("\"stream\":true,", "\"stream\":true,\"temperature\":0,");
    HttpResponse<String> first = http.post("/v1/chat/completions", null, body);

    HttpResponse<String> hit = first;
    for (int i = 0; i < 100 && !"exact".equals(hit.headers().firstValue("x-apprentice-cache").orElse(null)); i++) {
      Thread.sleep(50);
      hit = http.post("/v1/chat/completions", null, body);
    }

    assertThat(hit.headers().firstValue("x-apprentice-cache")).hasValue("exact");
    assertThat(hit.body()).doesNotContain(EMAIL);
    assertThat(SseEvents.parse(hit.body()).text()).isEqualTo(SseEvents.parse(first.body()).text())
        .isEqualTo(PROSE + "Write to <EMAIL_1>");
  }

  private HttpResponse<String> stream(String model, String text, boolean usage) {
    return http.post("/v1/chat/completions", null, body(model, text, usage));
  }

  private static String body(String model, String text, boolean usage) {
    return "{\"model\":\"" + model + "\",\"stream\":true," + (usage ? "\"stream_options\":{\"include_usage\":true}," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }
}
