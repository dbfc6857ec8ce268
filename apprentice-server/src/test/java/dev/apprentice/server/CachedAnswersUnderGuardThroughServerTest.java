package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.WordHashEmbedder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache behind a redacting guard: answers are kept with placeholders, so a hit made for one caller is
 * restored with the next caller's own values (exact and semantic tiers, JSON and streamed replays), and a hit still
 * passes every check the guard makes now, also after the guard was tightened over a cache that outlived a restart.
 */
class CachedAnswersUnderGuardThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-cached-guard-tests";
  private static final String ALICE = "alice.smith@example.com";
  private static final String BOB = "bob.jones@example.org";
  private static final String CAROL = "carol.white@example.net";
  private static final String LETTER = "Dear <EMAIL_1>, your refund is on its way.";
  private static final String CONFIG = """
      providers:
        up: { type: simulator }
      guard:
        input: { pii: redact }
      models:
        exact:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
        meaning:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          cache: { mode: semantic, threshold: 0.8 }
      """;

  private final Path dataDir = TempDirs.create();
  private final FakeProvider upstream = new FakeProvider("up");
  private RunningGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) gateway.close();
    upstream.close();
  }

  private KeyedHttp start(String config) {
    gateway = Gateways.running(config, dataDir, Map.of("up", upstream), ADMIN_KEY, Clock.systemUTC(),
        WordHashEmbedder::new);
    return gateway.http();
  }

  private static String body(String model, String text, boolean stream) {
    return "{\"model\":\"" + model + "\",\"temperature\":0,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }

  /** Asks until the cache answers: answers are kept off the request path and become visible within moments. */
  private static HttpResponse<String> untilCached(KeyedHttp http, String key, String json) throws Exception {
    HttpResponse<String> response = null;
    for (int i = 0; i < 100; i++) {
      response = http.post("/v1/chat/completions", key, json);
      if (!"miss".equals(response.headers().firstValue("x-apprentice-cache").orElse("miss"))) return response;
      Thread.sleep(50);
    }
    return response;
  }

  private static String content(HttpResponse<String> response) {
    return RawHttp.json(response.body()).path("choices").path(0).path("message").path("content").asText();
  }

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("x-apprentice-cache").orElse(null);
  }

  @Test
  void anExactHitMadeForOneCallerIsRestoredWithTheNextCallersOwnValuesNeverTheFirsts() throws Exception {
    KeyedHttp http = start(CONFIG);
    AdminClient admin = gateway.admin();
    String alice = admin.newKey("{\"tenant\":\"acme\",\"name\":\"alice\"}");
    String bob = admin.newKey("{\"tenant\":\"acme\",\"name\":\"bob\"}");
    upstream.byDefault(reply(LETTER));

    HttpResponse<String> first = http.post("/v1/chat/completions", alice,
        body("exact", "write to " + ALICE + " about the refund", false));
    HttpResponse<String> hit = untilCached(http, bob, body("exact", "write to " + BOB + " about the refund", false));
    HttpResponse<String> streamed = untilCached(http, bob,
        body("exact", "write to " + CAROL + " about the refund", true));

    assertThat(content(first)).isEqualTo("Dear " + ALICE + ", your refund is on its way.");
    assertThat(cache(hit)).isEqualTo("exact");
    assertThat(hit.body()).contains("Dear " + BOB + ",").doesNotContain(ALICE).doesNotContain("<EMAIL_1>");
    assertThat(cache(streamed)).isEqualTo("exact");
    assertThat(SseEvents.parse(streamed.body()).text()).isEqualTo("Dear " + CAROL + ", your refund is on its way.");
    assertThat(streamed.body()).doesNotContain(ALICE).doesNotContain(BOB);
    assertThat(upstream.received()).allSatisfy(r -> assertThat(r.request().messages().toString())
        .doesNotContain(ALICE, BOB, CAROL));
  }

  @Test
  void aSemanticHitIsRestoredWithTheNextCallersOwnValues() throws Exception {
    KeyedHttp http = start(CONFIG);
    upstream.byDefault(reply(LETTER));
    untilCached(http, null, body("meaning", "please write to " + ALICE + " about my refund today", false));

    HttpResponse<String> hit = http.post("/v1/chat/completions", null,
        body("meaning", "write to " + BOB + " about my refund today", false));
    HttpResponse<String> streamed = http.post("/v1/chat/completions", null,
        body("meaning", "write to " + CAROL + " about my refund today", true));

    assertThat(cache(hit)).isEqualTo("semantic");
    assertThat(content(hit)).isEqualTo("Dear " + BOB + ", your refund is on its way.");
    assertThat(cache(streamed)).isEqualTo("semantic");
    assertThat(SseEvents.parse(streamed.body()).text()).isEqualTo("Dear " + CAROL + ", your refund is on its way.");
  }

  @Test
  void aParaphraseThatNamesOtherValuesIsNotAnsweredWithPlaceholdersItCannotRestore() throws Exception {
    KeyedHttp http = start(CONFIG);
    upstream.byDefault(reply(LETTER));
    untilCached(http, null, body("meaning", "please write to " + ALICE + " about my refund today", false));
    upstream.byDefault(reply("Dear team, your refund is on its way."));

    HttpResponse<String> noValue = http.post("/v1/chat/completions", null,
        body("meaning", "please write to the team about my refund today", false));
    HttpResponse<String> otherKind = http.post("/v1/chat/completions", null,
        body("meaning", "please write to 192.168.10.20 about my refund today", false));

    assertThat(cache(noValue)).isEqualTo("miss");
    assertThat(content(noValue)).isEqualTo("Dear team, your refund is on its way.");
    assertThat(cache(otherKind)).isEqualTo("miss");
    assertThat(otherKind.body()).doesNotContain("<EMAIL_1>");
  }

  @Test
  void aHitStillPassesTheInputScannersOfAGuardTightenedSinceItWasKept() throws Exception {
    String token = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();
    KeyedHttp http = start(CONFIG.replace("input: { pii: redact }", "input: { pii: off }"));
    String question = body("exact", "is " + token + " still valid", false);
    assertThat(cache(untilCached(http, null, question))).isEqualTo("exact");
    int callsBefore = upstream.calls();
    gateway.close();

    http = start(CONFIG.replace("input: { pii: redact }", "input: { pii: redact, secrets: block }"));
    HttpResponse<String> blocked = http.post("/v1/chat/completions", null, question);

    assertError(blocked, 422, "invalid_request_error", "content_blocked", null);
    assertThat(upstream.received()).allSatisfy(r -> assertThat(r.request().messages().toString()).contains(token));
    assertThat(upstream.calls()).as("asked only before the restart").isEqualTo(callsBefore);
  }

  @Test
  void aHitStillPassesTheOutputChecksOfAGuardTightenedSinceItWasKept() throws Exception {
    KeyedHttp http = start(CONFIG);
    upstream.byDefault(reply("Write to " + CAROL + " for refunds."));
    String question = body("exact", "who handles refunds", false);
    assertThat(content(untilCached(http, null, question))).contains(CAROL);
    int callsBefore = upstream.calls();
    gateway.close();

    http = start(CONFIG.replace("input: { pii: redact }", "input: { pii: redact }\n  output: { pii: block }"));
    HttpResponse<String> blocked = http.post("/v1/chat/completions", null, question);
    HttpResponse<String> streamed = http.post("/v1/chat/completions", null, body("exact", "who handles refunds", true));

    JsonNode error = assertError(blocked, 422, "invalid_request_error", "content_blocked", null);
    assertThat(error.path("message").asText()).doesNotContain(CAROL);
    assertThat(upstream.calls()).as("both answered from the cache").isEqualTo(callsBefore);
    JsonNode streamedError = assertError(streamed, 422, "invalid_request_error", "content_blocked", null);
    assertThat(streamedError.path("message").asText()).isEqualTo(error.path("message").asText());
  }
}
