package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.WordHashEmbedder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The response cache over HTTP: headers, traces, streamed replays, and entries that outlive a restart. */
class ResponseCacheThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-cache-tests";
  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      models:
        echo:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
        meaning:
          targets: [ { provider: sim, model: sim-echo } ]
          cache: { mode: semantic, threshold: 0.8 }
        handbook:
          targets: [ { provider: sim, model: sim-echo } ]
          rag: { collection: kb, k: 2, min_score: -1 }
      """;

  private final Path dataDir = TempDirs.create();
  /** Started by each test; restarted on the same data directory by some. */
  @AutoClose
  private RunningGateway gateway;

  private KeyedHttp start() {
    return start(CONFIG);
  }

  private KeyedHttp start(String config) {
    gateway = Gateways.running(config, dataDir, Map.of(), ADMIN_KEY, Clock.systemUTC(), WordHashEmbedder::new);
    return gateway.http();
  }

  private static String body(String model, String text, boolean stream) {
    return "{\"model\":\"" + model + "\",\"temperature\":0,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }

  /** Asks until the cache answers: answers are kept off the request path and become visible within moments. */
  private static HttpResponse<String> untilCached(KeyedHttp http, String json) throws InterruptedException {
    HttpResponse<String> response = null;
    for (int i = 0; i < 100; i++) {
      response = http.post("/v1/chat/completions", null, json);
      if (!"miss".equals(response.headers().firstValue("x-apprentice-cache").orElse("miss"))) return response;
      Thread.sleep(50);
    }
    return response;
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void aHitIsTracedUnderTheTargetThatMadeItsAnswerAsItsHeaderNamesItAndCountedUnderTheCacheNotAProvider()
      throws Exception {
    KeyedHttp http = start();
    http.post("/v1/chat/completions", null, body("echo", "who made this", false));

    HttpResponse<String> hit = untilCached(http, body("echo", "who made this", false));

    JsonNode trace = gateway.admin().trace(header(hit, "x-apprentice-trace-id"));
    assertThat(trace.path("cache").asText()).isEqualTo("exact");
    assertThat(trace.path("provider").asText() + "/" + trace.path("upstream_model").asText())
        .isEqualTo(header(hit, "x-apprentice-served-by")).isEqualTo("sim/sim-echo");
    assertThat(trace.path("attempts")).isEmpty();
    PrometheusText metrics = PrometheusText.parse(http.get("/metrics", null).body());
    assertThat(metrics.sum("apprentice_requests_total", Map.of("model", "echo", "provider", "cache"))).isEqualTo(1);
    assertThat(metrics.sum("apprentice_requests_total", Map.of("model", "echo", "provider", "sim")))
        .as("the misses that asked it").isPositive();
    assertThat(metrics.sum("apprentice_requests_total", Map.of("model", "echo", "provider", "none"))).isZero();
  }

  @Test
  void aRepeatedDeterministicRequestIsAnsweredExactlyFromTheCacheAndTracedAsSuch() throws Exception {
    KeyedHttp http = start();
    HttpResponse<String> first = http.post("/v1/chat/completions", null, body("echo", "where is my card", false));
    assertThat(header(first, "x-apprentice-cache")).isEqualTo("miss");

    HttpResponse<String> hit = untilCached(http, body("echo", "where is my card", false));

    assertThat(hit.statusCode()).isEqualTo(200);
    assertThat(header(hit, "x-apprentice-cache")).isEqualTo("exact");
    assertThat(header(hit, "x-apprentice-cache-similarity")).isEqualTo("1.0000");
    assertThat(header(hit, "x-apprentice-served-by")).as("the target that produced the kept answer")
        .isEqualTo("sim/sim-echo");
    assertThat(header(hit, "x-apprentice-attempts")).isEqualTo("0");
    assertThat(RawHttp.json(hit.body()).path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("where is my card");
    JsonNode trace = gateway.admin().trace(header(hit, "x-apprentice-trace-id"));
    assertThat(trace.path("cache").asText()).isEqualTo("exact");
    assertThat(trace.path("cache_similarity").asDouble()).isEqualTo(1.0);
    assertThat(trace.path("cost_saved_usd").asDouble()).isPositive();
    assertThat(trace.path("cost_usd").asDouble()).isZero();
  }

  @Test
  void aClientsCacheControlNoCacheBypassesTheLookupAndNoStoreKeepsTheAnswerOut() throws Exception {
    KeyedHttp http = start();
    untilCached(http, body("echo", "fresh answer please", false));

    HttpResponse<String> bypassed = http.post("/v1/chat/completions", null, body("echo", "fresh answer please", false),
        "Cache-Control", "no-cache");
    http.post("/v1/chat/completions", null, body("echo", "never keep this", false), "Cache-Control", "no-store");
    Thread.sleep(500); // answers are kept off the request path: give a wrongly kept one time to appear
    // no-store as well: a no-cache call keeps its fresh answer, which the plain call below could then hit
    HttpResponse<String> notKept = http.post("/v1/chat/completions", null, body("echo", "never keep this", false),
        "Cache-Control", "no-cache, no-store");
    HttpResponse<String> askedAgain = http.post("/v1/chat/completions", null, body("echo", "never keep this", false));

    assertThat(bypassed.statusCode()).isEqualTo(200);
    assertThat(header(bypassed, "x-apprentice-cache")).isEqualTo("miss");
    assertThat(header(bypassed, "x-apprentice-served-by")).isEqualTo("sim/sim-echo");
    assertThat(header(notKept, "x-apprentice-cache")).isEqualTo("miss");
    assertThat(header(askedAgain, "x-apprentice-cache")).as("no-store kept nothing").isEqualTo("miss");
  }

  @Test
  void aParaphraseHitsTheSemanticTierWithItsSimilarity() throws Exception {
    KeyedHttp http = start();
    untilCached(http, body("meaning", "please tell me how I reset my card PIN today", false));

    HttpResponse<String> hit = http.post("/v1/chat/completions", null,
        body("meaning", "tell me how I reset my card PIN today", false));

    assertThat(header(hit, "x-apprentice-cache")).isEqualTo("semantic");
    assertThat(header(hit, "x-apprentice-served-by")).isEqualTo("sim/sim-echo");
    assertThat(Double.parseDouble(header(hit, "x-apprentice-cache-similarity"))).isBetween(0.8, 0.9999);
    assertThat(RawHttp.json(hit.body()).path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("please tell me how I reset my card PIN today");
  }

  @Test
  void aNegatedParaphraseIsNotAnsweredWithTheAnswerToTheQuestionItNegates() throws Exception {
    KeyedHttp http = start();
    untilCached(http, body("meaning", "please tell me why I can reset my card PIN today", false));

    HttpResponse<String> paraphrase = http.post("/v1/chat/completions", null,
        body("meaning", "tell me why I can reset my card PIN today", false));
    HttpResponse<String> negated = http.post("/v1/chat/completions", null,
        body("meaning", "tell me why I cannot reset my card PIN today", false));

    assertThat(header(paraphrase, "x-apprentice-cache")).as("as close in meaning, not negated").isEqualTo("semantic");
    assertThat(header(negated, "x-apprentice-cache")).isEqualTo("miss");
    assertThat(RawHttp.json(negated.body()).path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("tell me why I cannot reset my card PIN today");
  }

  @Test
  void aStreamedRequestIsAnsweredFromTheCacheAsAWellFormedEventStream() throws Exception {
    KeyedHttp http = start();
    http.post("/v1/chat/completions", null, body("echo", "stream me from the cache", false));

    HttpResponse<String> hit = untilCached(http, body("echo", "stream me from the cache", true));

    assertThat(header(hit, "x-apprentice-cache")).isEqualTo("exact");
    SseEvents events = SseEvents.parse(hit.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo("stream me from the cache");
    assertThat(events.chunks()).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
    assertThat(events.usages()).isEmpty();
  }

  /** Makes collection {@code kb} with one document, and asks the retrieving model about it until it is cached. */
  private static String refundsQuestionCached(KeyedHttp http) throws Exception {
    http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}");
    String refunds = "{\"documents\": [{\"id\": \"refunds\", \"text\": \"Refunds take five days.\"}]}";
    assertThat(http.post("/admin/collections/kb/documents", ADMIN_KEY, refunds).statusCode()).isEqualTo(200);
    String question = body("handbook", "how long do refunds take", false);
    assertThat(header(untilCached(http, question), "x-apprentice-cache")).isEqualTo("exact");
    return question;
  }

  @Test
  void aRetrievingModelsCachedAnswerIsRetiredWhenItsCollectionChanges() throws Exception {
    KeyedHttp http = start();
    String question = refundsQuestionCached(http);

    String changed = "{\"documents\": [{\"id\": \"refunds\", \"text\": \"Refunds take two days now.\"}]}";
    assertThat(http.post("/admin/collections/kb/documents", ADMIN_KEY, changed).statusCode()).isEqualTo(200);
    HttpResponse<String> afterChange = http.post("/v1/chat/completions", null, question);

    assertThat(header(afterChange, "x-apprentice-cache")).isEqualTo("miss");
    assertThat(header(untilCached(http, question), "x-apprentice-cache")).isEqualTo("exact");
  }

  @Test
  void aRetrievingModelsCachedAnswerIsRetiredWhenItsRagSettingsChange() throws Exception {
    KeyedHttp http = start();
    String question = refundsQuestionCached(http);
    String rag = "rag: { collection: kb, k: 2, min_score: -1 }";
    assertThat(CONFIG).contains(rag);
    for (String changed : new String[] {"rag: { collection: kb, k: 1, min_score: -1 }",
        "rag: { collection: kb, k: 2, min_score: 0.5 }",
        "rag: { collection: kb, k: 2, min_score: -1, template: \"Only this: {{context}}\" }"}) {
      gateway.close();
      http = start(CONFIG.replace(rag, changed));

      assertThat(header(http.post("/v1/chat/completions", null, question), "x-apprentice-cache")).as(changed)
          .isEqualTo("miss");
      untilCached(http, question);
    }
    gateway.close();
    assertThat(header(start(CONFIG).post("/v1/chat/completions", null, question), "x-apprentice-cache"))
        .as("the first settings again").isEqualTo("exact");
  }

  @Test
  void aModelsCachedAnswerIsRetiredWhenItIsPointedAtAnotherUpstreamModel() throws Exception {
    KeyedHttp http = start();
    String question = body("echo", "which model answers me?", false);
    untilCached(http, question);
    String target = "targets: [ { provider: sim, model: sim-echo } ]\n    price";
    assertThat(CONFIG).contains(target);
    gateway.close();

    http = start(CONFIG.replace(target, "targets: [ { provider: sim, model: sim-lorem-5 } ]\n    price"));
    HttpResponse<String> afterChange = http.post("/v1/chat/completions", null, question);

    assertThat(header(afterChange, "x-apprentice-cache")).isEqualTo("miss");
    assertThat(header(afterChange, "x-apprentice-served-by")).isEqualTo("sim/sim-lorem-5");
    gateway.close();
    assertThat(header(start().post("/v1/chat/completions", null, question), "x-apprentice-cache"))
        .as("the first target again").isEqualTo("exact");
  }

  @Test
  void cachedAnswersOutliveARestart() throws Exception {
    KeyedHttp http = start();
    http.post("/v1/chat/completions", null, body("echo", "remember me", false));
    untilCached(http, body("echo", "remember me", false));
    gateway.close();

    HttpResponse<String> afterRestart = start().post("/v1/chat/completions", null, body("echo", "remember me", false));

    assertThat(header(afterRestart, "x-apprentice-cache")).isEqualTo("exact");
    assertThat(header(afterRestart, "x-apprentice-served-by")).isEqualTo("sim/sim-echo");
  }

  @Test
  void theAdminApiShowsTheCachesCountsAndClearsAModelsEntries() throws Exception {
    KeyedHttp http = start();
    untilCached(http, body("echo", "count me", false));
    untilCached(http, body("meaning", "count me too", false));

    JsonNode stats = RawHttp.json(http.get("/admin/cache", ADMIN_KEY).body());
    assertThat(stats.path("entries").asLong()).isEqualTo(2);
    assertThat(stats.path("exact_hits").asLong()).isPositive();
    JsonNode cleared = RawHttp.json(http.delete("/admin/cache?model=echo", ADMIN_KEY).body());
    assertThat(cleared.path("removed").asLong()).isEqualTo(1);
    assertThat(http.get("/admin/cache", null).statusCode()).isEqualTo(401);
    assertThat(header(http.post("/v1/chat/completions", null, body("echo", "count me", false)), "x-apprentice-cache"))
        .isEqualTo("miss");
  }
}
