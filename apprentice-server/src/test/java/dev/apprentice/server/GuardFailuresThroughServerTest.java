package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Embedder;
import dev.apprentice.testing.HookedEmbedder;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A guardrail that fails inside a call (the injection detector's embedder overflows its stack on one word, or the
 * detector cannot load at all, after the PII scanner has found an address to redact): the client gets the documented
 * 500 whether it streams or not, and the trace keeps no request body rather than the client's unredacted one.
 */
class GuardFailuresThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-guard-failure-tests";
  private static final String EMAIL = "jane.doe@example.com";
  private static final String QUESTION = "I am " + EMAIL + ": is a zebracorn real?";
  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      models:
        guarded:
          targets: [ { provider: sim, model: sim-echo } ]
          guard:
            input: { pii: redact, injection: block }
      """;

  /** Started by each test, with its embedding model. */
  @AutoClose
  private RunningGateway gateway;

  @Test
  void aGuardThatOverflowsItsStackAnswers500InTheDocumentedShapeAndTracesNoUnredactedText() {
    KeyedHttp http = start(GuardFailuresThroughServerTest::overflowingOnZebracorns);

    HttpResponse<String> failed = http.post("/v1/chat/completions", null, body(false, QUESTION));

    JsonNode error = assertError(failed, 500, "internal_error", "internal_error", null);
    assertThat(error.path("message").asText()).contains("trace").doesNotContain(EMAIL);
    JsonNode trace = gateway.admin().trace(traceId(failed));
    assertThat(trace.path("status").asInt()).isEqualTo(500);
    assertThat(trace.toString()).doesNotContain(EMAIL);
    assertThat(http.post("/v1/chat/completions", null, body(false, "How long do I boil an egg?")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aStreamedCallWhoseGuardOverflowsItsStackAnswersTheSame500BeforeAnyEvent() {
    KeyedHttp http = start(GuardFailuresThroughServerTest::overflowingOnZebracorns);

    HttpResponse<String> failed = http.post("/v1/chat/completions", null, body(true, QUESTION));

    assertError(failed, 500, "internal_error", "internal_error", null);
    assertThat(gateway.admin().trace(traceId(failed)).toString()).doesNotContain(EMAIL);
  }

  @Test
  void anEmbeddingsCallWhoseGuardOverflowsItsStackAnswers500AndIsTracedWithoutItsInput() {
    KeyedHttp http = start(GuardFailuresThroughServerTest::overflowingOnZebracorns);

    HttpResponse<String> failed = http.post("/v1/embeddings", null,
        "{\"model\":\"guarded\",\"input\":\"" + QUESTION + "\",\"user\":\"" + EMAIL + "\"}");

    assertError(failed, 500, "internal_error", "internal_error", null);
    JsonNode trace = gateway.admin().trace(traceId(failed));
    assertThat(trace.path("status").asInt()).isEqualTo(500);
    assertThat(trace.toString()).doesNotContain(EMAIL);
  }

  @Test
  void aDetectorThatCannotLoadFailsTheCallAndTheTraceKeepsNoRequestBody() {
    KeyedHttp http = start(GuardFailuresThroughServerTest::failing);

    HttpResponse<String> failed = http.post("/v1/chat/completions", null, body(false, QUESTION));

    JsonNode error = assertError(failed, 500, "internal_error", "internal_error", null);
    assertThat(error.path("message").asText()).contains("injection detector");
    JsonNode trace = gateway.admin().trace(traceId(failed));
    assertThat(trace.path("status").asInt()).isEqualTo(500);
    assertThat(trace.toString()).doesNotContain(EMAIL);
  }

  @Test
  void aGuardWhoseEmbedderWasClosedAsTheServerShutsDownAnswers503ShuttingDownStreamedOrNot() {
    KeyedHttp http = start(GuardFailuresThroughServerTest::closedOnZebracorns);

    for (boolean stream : new boolean[] {false, true}) {
      HttpResponse<String> refused = http.post("/v1/chat/completions", null, body(stream, QUESTION));

      JsonNode error = assertError(refused, 503, "server_error", "shutting_down", null);
      assertThat(error.path("message").asText()).isEqualTo("the gateway is shutting down: the embedder is closed");
      JsonNode trace = gateway.admin().trace(traceId(refused));
      assertThat(trace.path("status").asInt()).isEqualTo(503);
      assertThat(trace.toString()).doesNotContain(EMAIL);
    }
    assertError(http.post("/v1/embeddings", null, "{\"model\":\"guarded\",\"input\":\"" + QUESTION + "\"}"), 503,
        "server_error", "shutting_down", null);
    for (boolean stream : new boolean[] {false, true}) {
      assertError(http.post("/v1/responses", null, "{\"model\":\"guarded\",\"stream\":" + stream + ",\"input\":\""
          + QUESTION + "\"}"), 503, "server_error", "shutting_down", null);
    }
  }

  @Test
  void aDetectorWhoseEmbedderWasClosedWhileItLoadedAnswers503ShuttingDown() {
    KeyedHttp http = start(() -> HookedEmbedder.wordHash(texts -> {
      throw new ClosedException("the embedder is closed");
    }));

    assertError(http.post("/v1/chat/completions", null, body(false, QUESTION)), 503, "server_error", "shutting_down",
        null);
  }

  @Test
  void retrievedDocumentsTheDetectorCannotReadAsTheServerShutsDownAnswer503ShuttingDown() {
    AtomicBoolean closed = new AtomicBoolean();
    KeyedHttp http = start(CONFIG + """
          handbook:
            targets: [ { provider: sim, model: sim-echo } ]
            rag: { collection: kb, k: 1, min_score: -1 }
            guard:
              input: { injection: block }
        """, () -> HookedEmbedder.wordHash(texts -> {
      if (closed.get() && texts.stream().anyMatch(text -> text.contains("zebracorn"))) {
        throw new ClosedException("the embedder is closed");
      }
    }));
    http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}");
    http.post("/admin/collections/kb/documents", ADMIN_KEY,
        "{\"documents\": [{\"id\": \"zoo\", \"text\": \"The zoo keeps no zebracorn.\"}]}");
    closed.set(true); // retrieval still finds the document; only the detector's reading of it meets the close

    HttpResponse<String> refused = http.post("/v1/chat/completions", null,
        "{\"model\":\"handbook\",\"messages\":[{\"role\":\"user\",\"content\":\"What does the zoo keep?\"}]}");

    JsonNode error = assertError(refused, 503, "server_error", "shutting_down", null);
    assertThat(error.path("message").asText()).isEqualTo("the gateway is shutting down: the embedder is closed");
    assertThat(gateway.admin().trace(traceId(refused)).path("status").asInt()).isEqualTo(503);
  }

  private KeyedHttp start(Supplier<Embedder> embedder) {
    return start(CONFIG, embedder);
  }

  private KeyedHttp start(String config, Supplier<Embedder> embedder) {
    gateway = Gateways.running(config, TempDirs.create(), Map.of(), ADMIN_KEY, Clock.systemUTC(), embedder);
    return gateway.http();
  }

  /** Word-hash vectors, except for a text with "zebracorn" in it, on which it overflows its stack. */
  private static Embedder overflowingOnZebracorns() {
    return HookedEmbedder.wordHash(texts -> {
      if (texts.stream().anyMatch(text -> text.contains("zebracorn"))) throw new StackOverflowError();
    });
  }

  /** Word-hash vectors, except for a text with "zebracorn" in it, which finds it closed (the server shutting down). */
  private static Embedder closedOnZebracorns() {
    return HookedEmbedder.wordHash(texts -> {
      if (texts.stream().anyMatch(text -> text.contains("zebracorn"))) {
        throw new ClosedException("the embedder is closed");
      }
    });
  }

  /** An embedder that cannot embed anything, so the injection detector can never be trained. */
  private static Embedder failing() {
    return HookedEmbedder.wordHash(texts -> {
      throw new IllegalStateException("no model here");
    });
  }

  private static String body(boolean stream, String question) {
    return "{\"model\":\"guarded\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + question + "\"}]}";
  }

  private static String traceId(HttpResponse<String> response) {
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }
}
