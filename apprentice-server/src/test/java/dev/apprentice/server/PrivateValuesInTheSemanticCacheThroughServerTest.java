package dev.apprentice.server;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Within one tenant, the semantic cache tier never hands one caller an answer made for a prompt that named another
 * person's values: a prompt holding personal data or a secret that no placeholder replaced is answered and kept by
 * the exact tier only (an exact hit means the same values), whether the model's guard flags them or does not run, and
 * so is an answer holding a value its prompt did not. A redacting guard's placeholders keep hitting by meaning.
 */
class PrivateValuesInTheSemanticCacheThroughServerTest {

  private static final String JANE = "jane.doe@example.com";
  private static final String JANES_IBAN = "DE89 3704 0044 0532 0130 00";
  private static final String JOHN = "john.roe@example.org";
  private static final String JOHNS_IBAN = "GB82 WEST 1234 5698 7654 32";
  private static final String ABOUT_JANE = "please write a short and friendly reply to " + JANE
      + " about the refund to her account " + JANES_IBAN + " for the order she placed today";
  private static final String ABOUT_JOHN = "please write a short and friendly reply to " + JOHN
      + " about the refund to her account " + JOHNS_IBAN + " for the order she placed today";
  /** The same requests naming no number: a last turn naming other numbers (an IBAN's digits) is another question. */
  private static final String JANE_BY_MAIL = "please write a short and friendly reply to " + JANE
      + " about the refund to her account for the order she placed today";
  private static final String JOHN_BY_MAIL = "please write a short and friendly reply to " + JOHN
      + " about the refund to her account for the order she placed today";
  private static final String ABOUT_NOBODY =
      "please write a short and friendly reply about the refund to her account for the order she placed today";
  private static final String TO_JANE = "Dear Jane, the refund to " + JANES_IBAN + " is on its way.";
  private static final String REFUNDS_QUESTION = "who do I write to about the refund for the order I placed today";
  private static final String REFUNDS_ANSWER = "Write to refunds@bank.example, or see https://bank.example/refunds.";
  private static final String CONFIG = """
      providers:
        up: { type: simulator }
      models:
        flagged:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          cache: { mode: semantic, threshold: 0.8 }
          guard: { input: { pii: flag, secrets: flag } }
        unguarded:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          cache: { mode: semantic, threshold: 0.8 }
        redacted:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          cache: { mode: semantic, threshold: 0.8 }
          guard: { input: { pii: redact } }
        handbook:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          cache: { mode: semantic, threshold: 0.8 }
          rag: { collection: kb, k: 2, min_score: -1 }
        shared:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          cache: { mode: semantic, threshold: 0.8, private_values: semantic }
          guard: { input: { pii: flag } }
        widened:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          cache: { mode: semantic, threshold: 0.8 }
          guard: { pii: { entities: [EMAIL_ADDRESS] } }
      """;

  private final FakeProvider upstream = new FakeProvider("up");
  private final Path dataDir = TempDirs.create();
  private RunningGateway gateway;
  private KeyedHttp http;
  private String alice;
  private String bob;

  @BeforeEach
  void start() {
    start(CONFIG);
    alice = gateway.admin().newKey("{\"tenant\":\"bank\",\"name\":\"alice\"}");
    bob = gateway.admin().newKey("{\"tenant\":\"bank\",\"name\":\"bob\"}");
  }

  private void start(String config) {
    gateway = Gateways.running(config, dataDir, Map.of("up", upstream), Gateways.ADMIN_KEY, Clock.systemUTC(),
        WordHashEmbedder::new);
    http = gateway.http();
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
  }

  private static String body(String model, String text) {
    return body(model, null, text);
  }

  private static String body(String model, String system, String text) {
    String messages = (system == null ? "" : "{\"role\":\"system\",\"content\":\"" + system + "\"},")
        + "{\"role\":\"user\",\"content\":\"" + text + "\"}";
    return "{\"model\":\"" + model + "\",\"temperature\":0,\"messages\":[" + messages + "]}";
  }

  /** Asks until the cache answers: answers are kept off the request path and become visible within moments. */
  private HttpResponse<String> untilCached(String key, String json) throws InterruptedException {
    HttpResponse<String> response = null;
    for (int i = 0; i < 100; i++) {
      response = http.post("/v1/chat/completions", key, json);
      if (!"miss".equals(cache(response))) return response;
      Thread.sleep(50);
    }
    return response;
  }

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("x-apprentice-cache").orElse(null);
  }

  private static String content(HttpResponse<String> response) {
    return RawHttp.json(response.body()).path("choices").path(0).path("message").path("content").asText();
  }

  private JsonNode trace(HttpResponse<String> response) {
    return gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  @Test
  void aParaphraseNamingOtherValuesOrNoneIsNotAnsweredFromTheEntryOfAPromptThatNamedAPersonsUnderAFlaggingGuard()
      throws Exception {
    upstream.byDefault(reply(TO_JANE));
    assertThat(cache(untilCached(alice, body("flagged", ABOUT_JANE)))).isEqualTo("exact");
    upstream.byDefault(reply("Dear customer, your refund is on its way."));
    int asked = upstream.calls();

    HttpResponse<String> john = http.post("/v1/chat/completions", bob, body("flagged", ABOUT_JOHN));
    HttpResponse<String> nobody = http.post("/v1/chat/completions", bob, body("flagged", ABOUT_NOBODY));

    assertThat(upstream.calls()).as("both answered upstream").isEqualTo(asked + 2);
    assertThat(cache(john)).isEqualTo("miss");
    assertThat(cache(nobody)).isEqualTo("miss");
    assertThat(john.body()).doesNotContain(JANE).doesNotContain(JANES_IBAN);
    assertThat(nobody.body()).doesNotContain(JANE).doesNotContain(JANES_IBAN);
    assertThat(trace(john).path("semantic_skipped").asText()).isEqualTo("pii_in_prompt");
    assertThat(trace(john).path("cache").asText()).isEqualTo("miss");
    assertThat(trace(nobody).has("semantic_skipped")).as("its own prompt and answer hold nothing").isFalse();
  }

  @Test
  void anExactRepeatOfAPromptWithAPersonsValuesIsStillAnsweredFromTheCache() throws Exception {
    upstream.byDefault(reply(TO_JANE));
    untilCached(alice, body("flagged", ABOUT_JANE));
    int asked = upstream.calls();

    HttpResponse<String> again = http.post("/v1/chat/completions", bob, body("flagged", ABOUT_JANE));

    assertThat(cache(again)).isEqualTo("exact");
    assertThat(content(again)).isEqualTo(TO_JANE);
    assertThat(upstream.calls()).isEqualTo(asked);
    assertThat(trace(again).has("semantic_skipped")).isFalse();
  }

  @Test
  void aModelWithoutAGuardStillHasItsPromptsReadForValuesBeforeTheSemanticTierAnswersThem() throws Exception {
    upstream.byDefault(reply(TO_JANE));
    untilCached(alice, body("unguarded", ABOUT_JANE));
    upstream.byDefault(reply("Dear customer, your refund is on its way."));
    int asked = upstream.calls();

    HttpResponse<String> john = http.post("/v1/chat/completions", bob, body("unguarded", ABOUT_JOHN));
    HttpResponse<String> nobody = http.post("/v1/chat/completions", bob, body("unguarded", ABOUT_NOBODY));

    assertThat(upstream.calls()).isEqualTo(asked + 2);
    assertThat(john.body() + nobody.body()).doesNotContain(JANE).doesNotContain(JANES_IBAN);
    assertThat(trace(john).path("semantic_skipped").asText()).isEqualTo("pii_in_prompt");
    PrometheusText metrics = PrometheusText.parse(http.get("/metrics", null).body());
    assertThat(metrics.sum("apprentice_cache_semantic_skipped_total",
        Map.of("model", "unguarded", "tenant", "bank", "reason", "pii_in_prompt"))).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aSecretInThePromptKeepsItsAnswerFromCallersWhoDidNotSendIt() throws Exception {
    String token = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();
    upstream.byDefault(reply("The key " + token + " is valid until June."));
    String withToken = body("flagged", "please check whether the api key " + token
        + " is still valid for the account of the order she placed today");
    HttpResponse<String> first = http.post("/v1/chat/completions", alice, withToken);
    untilCached(alice, withToken);
    upstream.byDefault(reply("Send the key to check it."));
    int asked = upstream.calls();

    HttpResponse<String> without = http.post("/v1/chat/completions", bob, body("flagged",
        "please check whether the api key is still valid for the account of the order she placed today"));

    assertThat(cache(without)).isEqualTo("miss");
    assertThat(without.body()).doesNotContain(token);
    assertThat(upstream.calls()).isEqualTo(asked + 1);
    assertThat(trace(first).path("semantic_skipped").asText()).isEqualTo("secret_in_prompt");
  }

  @Test
  void anAnswerNamingAPersonItsPromptDidNotIsKeptForExactMatchesOnly() throws Exception {
    upstream.byDefault(reply("Ask our agent " + JANE + " to reset it."));
    HttpResponse<String> first = http.post("/v1/chat/completions", alice, body("unguarded",
        "how do I reset the password of my online banking account from the mobile app today"));
    assertThat(cache(untilCached(alice, body("unguarded",
        "how do I reset the password of my online banking account from the mobile app today")))).isEqualTo("exact");
    upstream.byDefault(reply("Open the app and tap Forgot password."));
    int asked = upstream.calls();

    HttpResponse<String> paraphrase = http.post("/v1/chat/completions", bob, body("unguarded",
        "how can I reset the password of my online banking account from the mobile app"));

    assertThat(cache(paraphrase)).isEqualTo("miss");
    assertThat(paraphrase.body()).doesNotContain(JANE);
    assertThat(upstream.calls()).isEqualTo(asked + 1);
    assertThat(trace(first).path("semantic_skipped").asText()).isEqualTo("pii_in_answer");
  }

  @Test
  void anAnswerQuotingAValueOfAPassageItsCallRetrievedIsStillKeptByMeaning() throws Exception {
    upstream.byDefault(reply(REFUNDS_ANSWER));
    addRefundsPassage();

    HttpResponse<String> first = http.post("/v1/chat/completions", alice, body("handbook", REFUNDS_QUESTION));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(trace(first).path("retrieved").size()).isEqualTo(1);
    assertThat(trace(first).has("semantic_skipped")).as("kept by meaning").isFalse();
  }

  @Test
  void aParaphraseOfARagQuestionWhoseAnswerQuotedAPassageIsAnsweredByMeaningThoughTheHitSkipsRetrieval()
      throws Exception {
    upstream.byDefault(reply(REFUNDS_ANSWER));
    addRefundsPassage();
    assertThat(cache(untilCached(alice, body("handbook", REFUNDS_QUESTION)))).isEqualTo("exact");
    upstream.byDefault(reply("Ask at the counter."));
    int asked = upstream.calls();

    HttpResponse<String> paraphrase = http.post("/v1/chat/completions", bob, body("handbook",
        "who should I write to about the refund for the order I placed today"));

    assertThat(cache(paraphrase)).as("its entry was checked as it was kept").isEqualTo("semantic");
    assertThat(content(paraphrase)).isEqualTo(REFUNDS_ANSWER);
    assertThat(upstream.calls()).isEqualTo(asked);
    assertThat(trace(paraphrase).has("semantic_skipped")).isFalse();
  }

  private void addRefundsPassage() {
    http.post("/admin/collections", Gateways.ADMIN_KEY, "{\"name\":\"kb\"}");
    String refunds = "{\"documents\": [{\"id\": \"refunds\", \"text\": \"For refunds write to "
        + "refunds@bank.example or see https://bank.example/refunds.\"}]}";
    assertThat(http.post("/admin/collections/kb/documents", Gateways.ADMIN_KEY, refunds).statusCode()).isEqualTo(200);
  }

  @Test
  void aValueInAnEarlierTurnThatTheGuardFlaggedDoesNotKeepALastTurnWithoutOneFromTheSemanticTier() throws Exception {
    String system = "You answer for the bank; customers write to help@bank.example.";
    upstream.byDefault(reply("Write to help@bank.example and we reset it."));
    untilCached(alice, body("flagged", system,
        "how do I reset the password of my online banking account from the mobile app today"));
    int asked = upstream.calls();

    HttpResponse<String> paraphrase = http.post("/v1/chat/completions", bob, body("flagged", system,
        "how can I reset the password of my online banking account from the mobile app"));

    assertThat(cache(paraphrase)).isEqualTo("semantic");
    assertThat(upstream.calls()).isEqualTo(asked);
    assertThat(trace(paraphrase).path("guard").toString()).contains("\"action\":\"flag\"");
  }

  @Test
  void aRedactingGuardsPlaceholdersStillHitByMeaningRestoredWithTheNextCallersValues() throws Exception {
    upstream.byDefault(reply("Dear <EMAIL_1>, your refund is on its way."));
    untilCached(alice, body("redacted", "please write to " + JANE + " about my refund today"));
    int asked = upstream.calls();

    HttpResponse<String> john = http.post("/v1/chat/completions", bob,
        body("redacted", "write to " + JOHN + " about my refund today"));

    assertThat(cache(john)).isEqualTo("semantic");
    assertThat(content(john)).isEqualTo("Dear " + JOHN + ", your refund is on its way.");
    assertThat(upstream.calls()).isEqualTo(asked);
    assertThat(trace(john).has("semantic_skipped")).isFalse();
  }

  @Test
  void aModelThatLeavesPrivateValuesToTheSemanticTierAnswersAParaphraseWithTheFirstCallersValues() throws Exception {
    upstream.byDefault(reply(TO_JANE));
    untilCached(alice, body("shared", JANE_BY_MAIL));
    untilCached(alice, body("shared", ABOUT_JANE));
    int asked = upstream.calls();

    HttpResponse<String> john = http.post("/v1/chat/completions", bob, body("shared", JOHN_BY_MAIL));
    HttpResponse<String> johnsIban = http.post("/v1/chat/completions", bob, body("shared", ABOUT_JOHN));

    assertThat(cache(john)).as("what private_values: semantic accepts").isEqualTo("semantic");
    assertThat(content(john)).isEqualTo(TO_JANE);
    assertThat(cache(johnsIban)).as("another account's digits are another question").isEqualTo("miss");
    assertThat(upstream.calls()).isEqualTo(asked + 1);
  }

  @Test
  void anEntryKeptByMeaningBeforeItsValuesWereLookedForIsNotServedToAParaphraseWithoutThem() throws Exception {
    upstream.byDefault(reply(TO_JANE));
    untilCached(alice, body("shared", JANE_BY_MAIL));
    gateway.close();
    start(CONFIG.replace("private_values: semantic", "private_values: exact"));
    upstream.byDefault(reply("Dear customer, your refund is on its way."));
    int asked = upstream.calls();

    HttpResponse<String> nobody = http.post("/v1/chat/completions", bob, body("shared", ABOUT_NOBODY));

    assertThat(cache(nobody)).isEqualTo("miss");
    assertThat(nobody.body()).doesNotContain(JANE).doesNotContain(JANES_IBAN);
    assertThat(upstream.calls()).isEqualTo(asked + 1);
    assertThat(trace(nobody).path("semantic_skipped").asText()).isEqualTo("private_hit");
    JsonNode stats = gateway.admin().cache();
    assertThat(stats.path("semantic_hits").asLong()).as("a hit not served is no hit").isZero();
    assertThat(stats.path("misses").asLong()).isEqualTo(1);
  }

  @Test
  void anEntryCheckedBeforeItsModelLookedForMorePiiTypesIsReadAgainAndNotServedToAParaphraseWithoutItsValue()
      throws Exception {
    String question = "which account should the refund for the order I placed today be paid into";
    upstream.byDefault(reply("It is paid into " + JANES_IBAN + "."));
    HttpResponse<String> first = http.post("/v1/chat/completions", alice, body("widened", question));
    assertThat(trace(first).has("semantic_skipped")).as("no IBAN looked for: kept by meaning").isFalse();
    assertThat(cache(untilCached(alice, body("widened", question)))).isEqualTo("exact");
    gateway.close();
    start(CONFIG.replace("guard: { pii: { entities: [EMAIL_ADDRESS] } }", "guard: { pii: { entities: [EMAIL_ADDRESS,"
        + " IBAN_CODE] } }"));
    upstream.byDefault(reply("It is paid into the account you paid from."));
    int asked = upstream.calls();

    HttpResponse<String> paraphrase = http.post("/v1/chat/completions", bob, body("widened",
        "which account will the refund for the order I placed today be paid into"));

    assertThat(cache(paraphrase)).isEqualTo("miss");
    assertThat(paraphrase.body()).doesNotContain(JANES_IBAN);
    assertThat(upstream.calls()).isEqualTo(asked + 1);
    assertThat(trace(paraphrase).path("semantic_skipped").asText()).isEqualTo("private_hit");
  }

  @Test
  void anEntryRefusedToAParaphraseStopsAnsweringParaphrasesSoTheFreshAnswerServesTheNextOne() throws Exception {
    upstream.byDefault(reply(TO_JANE));
    untilCached(alice, body("shared", JANE_BY_MAIL));
    gateway.close();
    start(CONFIG.replace("private_values: semantic", "private_values: exact"));
    upstream.byDefault(reply("Dear customer, your refund is on its way."));
    HttpResponse<String> refused = http.post("/v1/chat/completions", bob, body("shared", ABOUT_NOBODY));
    assertThat(trace(refused).path("semantic_skipped").asText()).isEqualTo("private_hit");
    assertThat(cache(untilCached(bob, body("shared", ABOUT_NOBODY)))).as("its fresh answer is kept").isEqualTo("exact");
    int asked = upstream.calls();

    // nearer in meaning to the refused entry's prompt than to the fresh answer's, and naming none of its values
    HttpResponse<String> next = http.post("/v1/chat/completions", bob, body("shared", "please write a short and"
        + " friendly reply to jane doe example com about the refund to her account for the order she placed today"));
    HttpResponse<String> again = http.post("/v1/chat/completions", alice, body("shared", JANE_BY_MAIL));

    assertThat(cache(next)).isEqualTo("semantic");
    assertThat(content(next)).isEqualTo("Dear customer, your refund is on its way.");
    assertThat(trace(next).has("semantic_skipped")).isFalse();
    assertThat(cache(again)).as("the refused entry still answers its own request").isEqualTo("exact");
    assertThat(content(again)).isEqualTo(TO_JANE);
    assertThat(upstream.calls()).isEqualTo(asked);
  }
}
