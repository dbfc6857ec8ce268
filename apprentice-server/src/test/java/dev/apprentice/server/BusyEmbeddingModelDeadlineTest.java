package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.Embedding;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.GatedEmbedder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The steps of a chat call that wait on the local embedding model before the upstream is asked — the semantic
 * cache's lookup, retrieval, the injection detector — wait no longer than the call's {@code timeout_ms} allows,
 * however long the model's queue (held here behind one text, as behind a burst of large {@code /v1/embeddings} calls): a
 * lookup goes on as a miss, retrieval and the detector fail the call with the deadline's 504 and send nothing
 * upstream. The texts they queued leave the queue unrun, when their time is up and when their client leaves.
 */
@Timeout(120)
class BusyEmbeddingModelDeadlineTest {

  private static final String ADMIN_KEY = "admin-key-for-busy-embedding-tests";
  private static final String CONFIG = """
      providers:
        up: { type: simulator }
      models:
        cached:
          targets: [ { provider: up, model: gpt-4o } ]
          timeout_ms: 1000
          cache: { mode: semantic }
        docs:
          targets: [ { provider: up, model: gpt-4o } ]
          timeout_ms: 1000
          rag: { collection: kb, k: 1, min_score: -1 }
        patient-docs:
          targets: [ { provider: up, model: gpt-4o } ]
          rag: { collection: kb, k: 1, min_score: -1 }
        guarded:
          targets: [ { provider: up, model: gpt-4o } ]
          timeout_ms: 1000
          guard: { input: { injection: block } }
      """;
  /** Generous: each model above gives its calls a second. */
  private static final Duration SOON = Duration.ofSeconds(10);

  private final GatedEmbedder embedder = GatedBuiltInModel.open();
  private final FakeProvider upstream = new FakeProvider("up");
  private RunningGateway gateway;
  private KeyedHttp http;

  @AfterEach
  void stop() {
    embedder.close();
    if (gateway != null) gateway.close();
    upstream.close();
  }

  /** Starts the server, fills collection {@code kb}, and waits until the injection detector has been trained. */
  private void start() throws InterruptedException {
    gateway = Gateways.running(CONFIG, TempDirs.create(), Map.of("up", upstream), ADMIN_KEY, Clock.systemUTC(),
        () -> embedder);
    http = gateway.http();
    upstream.byDefault(reply("ok"));
    assertThat(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}").statusCode()).isEqualTo(201);
    assertThat(http.post("/admin/collections/kb/documents", ADMIN_KEY,
        "{\"documents\": [{\"id\": \"cards\", \"text\": \"Reset a PIN under Cards, then PIN.\"}]}").statusCode())
        .isEqualTo(200);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (http.get("/ready", null).statusCode() != 200 && System.nanoTime() < until) Thread.sleep(50);
    assertThat(http.get("/ready", null).statusCode()).as("the detector trained").isEqualTo(200);
  }

  private static String chat(String model, String text) {
    return "{\"model\":\"" + model + "\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"" + text
        + "\"}]}";
  }

  /** Sends {@code json} to {@code path}, checking that the answer came within {@link #SOON}. */
  private HttpResponse<String> postSoon(String path, String json) {
    long start = System.nanoTime();
    HttpResponse<String> response = http.post(path, null, json);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within its deadline").isLessThan(SOON);
    return response;
  }

  /** The texts queued at the model since {@code before} texts were. */
  private List<String> queuedSince(int before) {
    List<String> queued = embedder.queued();
    return queued.subList(before, queued.size());
  }

  /** Lets the model's queue run, and says which of {@code texts} it ran. */
  private List<String> ranOfThem(CompletableFuture<List<Embedding>> ahead, List<String> texts) throws Exception {
    embedder.release();
    ahead.get(30, TimeUnit.SECONDS);
    return embedder.ran().stream().filter(texts::contains).toList();
  }

  private JsonNode trace(HttpResponse<String> response) {
    gateway.server().accounting().flush();
    return gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  @Test
  void aSemanticLookupThatCannotEmbedItsPromptInTimeIsAMissAndTheCallIsAnswered() throws Exception {
    start();
    CompletableFuture<List<Embedding>> ahead = embedder.hold();
    int before = embedder.queued().size();

    HttpResponse<String> answered = postSoon("/v1/chat/completions", chat("cached", "What is the capital of France?"));

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(answered.headers().firstValue("x-apprentice-cache")).hasValue("miss");
    assertThat(upstream.calls()).isEqualTo(1);
    double timedOut = PrometheusText.parse(http.get("/metrics", null).body())
        .sum("apprentice_cache_lookup_timeouts_total", Map.of("model", "cached"));
    assertThat(timedOut).isEqualTo(1.0);
    List<String> lookup = List.copyOf(queuedSince(before));
    assertThat(lookup).as("the lookup queued the prompt").isNotEmpty();
    assertThat(ranOfThem(ahead, lookup)).as("its prompt left the queue unrun").isEmpty();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cacheEntries() == 0 && System.nanoTime() < until) Thread.sleep(50);
    assertThat(embedder.ran()).as("its answer was kept without embedding the prompt after all")
        .doesNotContainAnyElementsOf(lookup);
    HttpResponse<String> again = http.post("/v1/chat/completions", null,
        chat("cached", "What is the capital of France?"));
    assertThat(again.headers().firstValue("x-apprentice-cache")).as("kept for exact matches").hasValue("exact");
  }

  private int cacheEntries() {
    return RawHttp.json(gateway.admin().get("/admin/cache").body()).path("entries").asInt();
  }

  @Test
  void retrievalThatCannotEmbedItsQueryBeforeTheDeadlineIsA504AndNothingGoesUpstream() throws Exception {
    start();
    CompletableFuture<List<Embedding>> ahead = embedder.hold();
    int before = embedder.queued().size();

    HttpResponse<String> late = postSoon("/v1/chat/completions", chat("docs", "how do I reset my PIN"));

    assertThat(assertError(late, 504, "upstream_error", "upstream_timeout", null).path("message").asText())
        .isEqualTo("model 'docs' did not answer within 1000 ms: retrieval from collection 'kb' did not finish in"
            + " its share of that time, 50% of what was left so that the model keeps the rest to answer (it waited"
            + " for the local embedding model); nothing was sent upstream");
    assertThat(upstream.calls()).as("never answered without its context").isZero();
    JsonNode trace = trace(late);
    assertThat(trace.path("status").asInt()).isEqualTo(504);
    assertThat(trace.path("retrieval_skipped").asText()).isEqualTo("timed_out");
    List<String> query = List.copyOf(queuedSince(before));
    assertThat(query).containsExactly("how do I reset my PIN");
    assertThat(ranOfThem(ahead, query)).as("its query left the queue unrun").isEmpty();
  }

  @Test
  void anInjectionScanThatCannotEmbedBeforeTheDeadlineIsA504NamingTheScannerAndNothingGoesUpstream()
      throws Exception {
    start();
    CompletableFuture<List<Embedding>> ahead = embedder.hold();
    int before = embedder.queued().size();

    HttpResponse<String> late = postSoon("/v1/chat/completions",
        chat("guarded", "Please summarise the minutes of the planning meeting."));

    assertThat(assertError(late, 504, "upstream_error", "upstream_timeout", null).path("message").asText())
        .isEqualTo("model 'guarded' did not answer within 1000 ms: the guardrail's 'injection' scanner reading the"
            + " request did not finish in that time (it waited for the local embedding model); nothing was sent"
            + " upstream");
    assertThat(upstream.calls()).as("nothing unchecked goes upstream").isZero();
    List<String> scanned = List.copyOf(queuedSince(before));
    assertThat(scanned).isNotEmpty();
    assertThat(ranOfThem(ahead, scanned)).as("its texts left the queue unrun").isEmpty();
  }

  @Test
  void aGuardedEmbeddingsCallWhoseScanCannotFinishBeforeTheDeadlineIsA504AndEmbedsNothing() throws Exception {
    start();
    CompletableFuture<List<Embedding>> ahead = embedder.hold();
    int before = embedder.queued().size();

    HttpResponse<String> late = postSoon("/v1/embeddings",
        "{\"model\":\"guarded\",\"input\":\"the minutes of the planning meeting\"}");

    assertThat(assertError(late, 504, "upstream_error", "upstream_timeout", null).path("message").asText())
        .startsWith("model 'guarded' did not answer within 1000 ms: the guardrail's 'injection' scanner reading the"
            + " request did not finish in that time");
    List<String> scanned = List.copyOf(queuedSince(before));
    assertThat(scanned).isNotEmpty();
    assertThat(ranOfThem(ahead, scanned)).isEmpty();
  }

  @Test
  void aClientThatLeavesWhileRetrievalWaitsTakesItsQueryOutOfTheQueue() throws Exception {
    start();
    CompletableFuture<List<Embedding>> ahead = embedder.hold();
    int before = embedder.queued().size();
    String body = chat("patient-docs", "where do I change my PIN");
    try (RawConnection client = new RawConnection(gateway.server())) {
      client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (queuedSince(before).isEmpty() && System.nanoTime() < until) Thread.sleep(20);
      assertThat(queuedSince(before)).containsExactly("where do I change my PIN");
    } // the client leaves while its call waits for the model (its deadline is a minute away)

    JsonNode trace = departedTrace();
    assertThat(trace.path("error_code").asText()).isEqualTo("client_disconnected");
    assertThat(upstream.calls()).isZero();
    assertThat(ranOfThem(ahead, List.of("where do I change my PIN"))).as("its query left the queue unrun").isEmpty();
  }

  /** The one chat call's trace, once it was written as departed (the server notices within about two seconds). */
  private JsonNode departedTrace() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      gateway.server().accounting().flush();
      List<JsonNode> traces = gateway.admin().traces("status=499");
      if (!traces.isEmpty()) return gateway.admin().trace(traces.getFirst().path("id").asText());
      Thread.sleep(50);
    }
    throw new AssertionError("the call was not traced as departed within 20 s");
  }
}
