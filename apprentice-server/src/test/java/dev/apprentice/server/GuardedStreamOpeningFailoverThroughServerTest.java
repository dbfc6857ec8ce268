package dev.apprentice.server;

import static dev.apprentice.server.BankAnswers.KEY;
import static dev.apprentice.server.BankAnswers.PROSE;
import static dev.apprentice.testing.FakeProvider.roleChunk;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A guarded stream whose opening is read ahead (an output {@code block} scanner) fails, while all of its text is held,
 * as a stream that failed before its first token does: nothing reached the client, so the model's routing retries it
 * or fails over to the next target, whose answer streams as usual; the broken attempt stays in the trace with its
 * failure, booked at what its upstream sent. A value refused meanwhile is the guard's answer, never tried again.
 */
class GuardedStreamOpeningFailoverThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-guard-tests";

  private final FakeProvider first = new FakeProvider("first");
  private final FakeProvider second = new FakeProvider("second");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        first: { type: simulator }
        second: { type: simulator }
      models:
        refusing:
          targets: [ { provider: first, model: gpt-4o }, { provider: second, model: gpt-4o } ]
          retries: 0
          guard: { output: { secrets: block } }
        retried:
          targets: [ { provider: first, model: gpt-4o } ]
          retries: 1
          retry_backoff_ms: 1
          guard: { output: { secrets: block } }
      """, Map.of("first", first, "second", second), ADMIN_KEY, Clock.systemUTC()).closing(first, second);
  private final AdminClient admin = gateway.admin();

  @Test
  void aStreamThatBreaksOffWhileItsOpeningIsHeldFailsOverAndTheNextTargetsAnswerStreams() {
    first.then(FakeProvider.streamChunksThenFail(Kind.CONNECTION, roleChunk(), textChunk("Use the key ")));
    second.then(answer());

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/event-stream"));
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo("All is well. " + PROSE);
    assertThat(events.endsWithDone()).isTrue();
    assertThat(response.body()).doesNotContain("Use the key");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("2");
    JsonNode trace = traceOf(response);
    assertThat(trace.path("status").asInt()).isEqualTo(200);
    assertThat(trace.path("provider").asText()).isEqualTo("second");
    List<JsonNode> attempts = AdminClient.list(trace.path("attempts"));
    assertThat(attempts).extracting(a -> a.path("provider").asText() + ":" + a.path("outcome").asText())
        .containsExactly("first:connection", "second:ok");
    assertThat(attempts.getFirst().path("output_tokens").asInt()).as("booked at what the upstream sent").isPositive();
    assertThat(attempts.getFirst().path("input_tokens").asInt()).isPositive();
    assertThat(first.closes()).as("the broken stream closed").isEqualTo(1);
  }

  @Test
  void aStreamThatBreaksOffWhileItsOpeningIsHeldIsRetriedOnItsTargetWhenItsRetriesAllow() {
    first.then(FakeProvider.streamChunksThenFail(Kind.CONNECTION, roleChunk(), textChunk("Use the key ")), answer());

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, body("retried"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("All is well. " + PROSE);
    assertThat(AdminClient.list(traceOf(response).path("attempts"))).extracting(a -> a.path("outcome").asText())
        .containsExactly("connection", "ok");
  }

  @Test
  void aKeyRefusedWhileTheOpeningIsHeldIsA422ThatNoOtherTargetIsAskedFor() {
    first.then(FakeProvider.streamChunks(roleChunk(), textChunk("Use " + KEY.substring(0, 12)),
        textChunk(KEY.substring(12) + " now. "), textChunk(PROSE), stop()));

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(RawHttp.json(response.body()).path("error").path("code").asText()).isEqualTo("content_blocked");
    assertThat(second.calls()).as("a block is the guard's answer, not a failure to fail over from").isZero();
    JsonNode trace = traceOf(response);
    assertThat(AdminClient.list(trace.path("attempts"))).extracting(a -> a.path("outcome").asText())
        .containsExactly("ok");
    assertThat(trace.path("output_tokens").asInt()).as("what the upstream sent is charged").isPositive();
  }

  private static FakeProvider.Behaviour answer() {
    return FakeProvider.streamChunks(roleChunk(), textChunk("All is well. "), textChunk(PROSE), stop());
  }

  private static ChatChunk stop() {
    return FakeProvider.chunk(ChatChunk.Delta.text(null), "stop");
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    return admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  private static String body(String model) {
    return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}";
  }
}
