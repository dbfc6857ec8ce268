package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.files.DataFolders;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.collection.NewDocument;
import dev.apprentice.testing.GatedEmbedder;
import dev.apprentice.testing.HookedEmbedder;
import dev.apprentice.testing.WordHashEmbedder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call that needs something the server still loads in the background (the injection detector, the local embedding
 * model) waits for it no longer than its own {@code timeout_ms}: then the deadline's 504, naming what was still
 * loading, while the server goes on serving the calls that need nothing loaded; once the load is done the same call is
 * answered. A load that failed fails the calls that need it at once, with its error, and is not tried again.
 */
@Timeout(180)
class CallsWhileLoadingTest {

  private static final String ADMIN_KEY = "admin-key-for-calls-while-loading";
  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      embeddings:
        timeout_ms: 1500
      models:
        plain:
          targets: [ { provider: sim, model: sim-echo } ]
        guarded:
          targets: [ { provider: sim, model: sim-echo } ]
          timeout_ms: 1500
          guard:
            input: { injection: block }
        patient-guarded:
          targets: [ { provider: sim, model: sim-echo } ]
          guard:
            input: { injection: block }
        cached:
          targets: [ { provider: sim, model: sim-echo } ]
          timeout_ms: 1000
          cache: { mode: semantic }
        docs:
          targets: [ { provider: sim, model: sim-echo } ]
          timeout_ms: 1500
          rag: { collection: kb, k: 1, min_score: -1 }
      """;

  private final Path dataDir = TempDirs.create();
  private final CountDownLatch release = new CountDownLatch(1);
  private final GatedEmbedder underTheBuiltInName = GatedBuiltInModel.open();
  private RunningGateway gateway;
  private KeyedHttp http;

  @AfterEach
  void stop() {
    release.countDown();
    if (gateway != null) gateway.close();
    underTheBuiltInName.close();
  }

  @Test
  void aGuardedCallWhileTheDetectorIsTrainedIsA504NamingItAndIsAnsweredOnceItHasLoaded() throws Exception {
    start(() -> HookedEmbedder.wordHash(texts -> awaitRelease()));
    assertThat(reason()).isEqualTo("still loading the injection detector 'default'");

    HttpResponse<String> late = chat("guarded", "Please summarise the minutes of the planning meeting.");

    assertThat(assertError(late, 504, "upstream_error", "upstream_timeout", null).path("message").asText())
        .isEqualTo("model 'guarded' did not answer within 1500 ms: the guardrail's 'injection' scanner reading the"
            + " request did not finish in that time (it waited for the injection detector 'default', still"
            + " loading); nothing was sent upstream");
    assertThat(http.get("/health", null).statusCode()).isEqualTo(200);
    assertThat(chat("plain", "hello").statusCode()).as("a call that needs nothing loaded").isEqualTo(200);

    release.countDown();
    assertThat(readyWithin(60)).as("ready once the detector is trained").isTrue();
    HttpResponse<String> answered = chat("guarded", "Please summarise the minutes of the planning meeting.");
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
  }

  @Test
  void aClientThatLeavesWhileItsCallWaitsForTheDetectorIsTracedAsDepartedWhileTheLoadGoesOn() throws Exception {
    start(() -> HookedEmbedder.wordHash(texts -> awaitRelease()));
    String body = "{\"model\":\"patient-guarded\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    try (RawConnection client = new RawConnection(gateway.server())) {
      client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (inflightBodyBytes() == 0 && System.nanoTime() < until) Thread.sleep(20);
      assertThat(inflightBodyBytes()).as("the call is in flight").isPositive();
    } // the client leaves while its call waits for the detector (its deadline is a minute away)

    assertThat(departedTraces()).as("traced as departed before the detector loaded").isEqualTo(1);
    assertThat(reason()).isEqualTo("still loading the injection detector 'default'");
    release.countDown();
    assertThat(readyWithin(60)).as("the load went on without the call").isTrue();
  }

  @Test
  void retrievalWhileTheEmbeddingModelLoadsIsA504NamingItAndIsAnsweredOnceItHasLoaded() throws Exception {
    try (Collections collections = new Collections(DataFolders.collections(dataDir), WordHashEmbedder::new)) {
      collections.create("kb");
      collections.add("kb", List.of(new NewDocument("cards", "Reset a PIN under Cards, then PIN.", null, null)));
    }
    start(() -> {
      awaitRelease();
      return new WordHashEmbedder();
    });
    assertThat(reason()).isEqualTo("still loading the local embedding model");

    HttpResponse<String> late = chat("docs", "how do I reset my PIN");

    assertThat(assertError(late, 504, "upstream_error", "upstream_timeout", null).path("message").asText())
        .isEqualTo("model 'docs' did not answer within 1500 ms: retrieval from collection 'kb' did not finish in its"
            + " share of that time, 50% of what was left so that the model keeps the rest to answer (it waited for the"
            + " local embedding model, still loading); nothing was sent upstream");
    assertThat(chat("plain", "hello").statusCode()).isEqualTo(200);

    release.countDown();
    assertThat(readyWithin(60)).as("ready once the model has loaded").isTrue();
    HttpResponse<String> answered = chat("docs", "how do I reset my PIN");
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
  }

  @Test
  void aSemanticLookupWhileTheEmbeddingModelLoadsIsAMissAndTheCallIsAnswered() throws Exception {
    start(() -> {
      awaitRelease();
      return new WordHashEmbedder();
    });
    assertThat(reason()).isEqualTo("still loading the local embedding model");

    HttpResponse<String> answered = chat("cached", "What is the capital of France?");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(answered.headers().firstValue("x-apprentice-cache")).hasValue("miss");
    assertThat(reason()).as("the load goes on").isEqualTo("still loading the local embedding model");
  }

  @Test
  void anEmbeddingsCallOfTheLocalModelWhileItLoadsIsA504NamingTheLoadAndIsAnsweredOnceItHasLoaded()
      throws Exception {
    start(() -> {
      awaitRelease();
      return underTheBuiltInName; // never held: only its load is slow
    });
    String body = "{\"model\":\"local/all-minilm-l6-v2\",\"input\":\"hello\"}";

    HttpResponse<String> late = http.post("/v1/embeddings", null, body);

    assertThat(assertError(late, 504, "upstream_error", "upstream_timeout", null).path("message").asText())
        .isEqualTo("model 'local/all-minilm-l6-v2' did not answer within 1500 ms: the local embedding model was still"
            + " loading");
    assertThat(chat("plain", "hello").statusCode()).isEqualTo(200);

    release.countDown();
    assertThat(readyWithin(60)).isTrue();
    HttpResponse<String> answered = http.post("/v1/embeddings", null, body);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
  }

  @Test
  void aDetectorWhoseTrainingFailedFailsEveryGuardedCallWithItsErrorWithoutTrainingAgain() throws Exception {
    AtomicInteger embedded = new AtomicInteger();
    start(() -> HookedEmbedder.wordHash(texts -> {
      embedded.incrementAndGet();
      throw new IllegalStateException("the model ran out of memory");
    }));
    String reason = settledReason();
    assertThat(reason).isEqualTo("the injection detector 'default' could not be loaded: the model ran out of memory");
    int tries = embedded.get();

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> failed = chat("guarded", "hello");
      assertThat(assertError(failed, 500, "internal_error", "internal_error", null).path("message").asText())
          .isEqualTo("the injection detector 'default' could not be loaded: the model ran out of memory");
    }

    assertThat(embedded).as("the detector was not trained again").hasValue(tries);
    assertThat(chat("plain", "hello").statusCode()).isEqualTo(200);
    assertThat(settledReason()).isEqualTo(reason);
  }

  @Test
  void aDetectorWhoseTrainingFailedWithoutAMessageIsSaidToFailSoNotWithNull() throws Exception {
    start(() -> HookedEmbedder.wordHash(texts -> {
      throw new IllegalStateException();
    }));

    assertThat(settledReason())
        .isEqualTo("the injection detector 'default' could not be loaded: an error without a message");
    HttpResponse<String> failed = chat("guarded", "hello");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(RawHttp.json(failed.body()).path("error").path("message").asText())
        .isEqualTo("the injection detector 'default' could not be loaded: an error without a message");
    assertThat(failed.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private void start(Supplier<Embedder> embedder) {
    gateway = Gateways.running(CONFIG, dataDir, Map.of(), ADMIN_KEY, Clock.systemUTC(), embedder);
    http = gateway.http();
  }

  private HttpResponse<String> chat(String model, String text) {
    return http.post("/v1/chat/completions", null, "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + text + "\"}]}");
  }

  private String reason() {
    HttpResponse<String> ready = http.get("/ready", null);
    assertThat(ready.statusCode()).isEqualTo(503);
    return RawHttp.json(ready.body()).path("reason").asText();
  }

  /** The readiness reason once it no longer says "still loading". */
  private String settledReason() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String reason = reason();
    while (reason.startsWith("still loading") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      reason = reason();
    }
    return reason;
  }

  private double inflightBodyBytes() {
    return PrometheusText.parse(http.get("/metrics", null).body()).sum("apprentice_inflight_body_bytes", Map.of());
  }

  /** The calls traced as departed (499), once there is one or twenty seconds have passed. */
  private int departedTraces() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<?> traces = List.of();
    while (traces.isEmpty() && System.nanoTime() < until) {
      gateway.server().accounting().flush();
      traces = gateway.admin().traces("status=499");
      if (traces.isEmpty()) Thread.sleep(50);
    }
    return traces.size();
  }

  private boolean readyWithin(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (http.get("/ready", null).statusCode() == 200) return true;
      Thread.sleep(50);
    }
    return false;
  }

  private void awaitRelease() {
    try {
      if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
