package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.WordHashEmbedder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A retrieving model behind a guard: retrieved documents are redacted before the upstream sees them, the answer's
 * {@code pii} check counts what the passages hold as sent (the operator's collection, not the caller's data
 * leaking) on a cache hit too, whose entry keeps the passages its answer was made from, and the answers kept in the
 * cache are keyed by how the guard treats documents, since a hit skips retrieval and so the document checks.
 */
class RetrievalUnderGuardThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-retrieval-guard-tests";
  private static final String DESK = "refunds.desk@example.com";
  private static final String STRANGER = "someone.else@example.net";
  private static final String CONFIG = """
      providers:
        up: { type: simulator }
      %s
      models:
        handbook:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          rag: { collection: kb, k: 1, min_score: -1 }
      """;

  private final Path dataDir = TempDirs.create();
  private final FakeProvider upstream = new FakeProvider("up");
  private RunningGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) gateway.close();
    upstream.close();
  }

  private KeyedHttp start(String guard) {
    gateway = Gateways.running(CONFIG.formatted(guard), dataDir, Map.of("up", upstream), ADMIN_KEY, Clock.systemUTC(),
        WordHashEmbedder::new);
    return gateway.http();
  }

  private static void addRefundsDocument(KeyedHttp http) {
    http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}");
    String refunds = "{\"documents\": [{\"id\": \"refunds\", \"text\": \"Refunds: write to " + DESK + ".\"}]}";
    assertThat(http.post("/admin/collections/kb/documents", ADMIN_KEY, refunds).statusCode()).isEqualTo(200);
  }

  private static String question() {
    return "{\"model\":\"handbook\",\"temperature\":0,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"who do I write to about refunds\"}]}";
  }

  private static HttpResponse<String> untilCached(KeyedHttp http, String json) throws Exception {
    HttpResponse<String> response = null;
    for (int i = 0; i < 100; i++) {
      response = http.post("/v1/chat/completions", null, json);
      if (!"miss".equals(response.headers().firstValue("x-apprentice-cache").orElse("miss"))) return response;
      Thread.sleep(50);
    }
    return response;
  }

  private String lastSystemPrompt() {
    return upstream.received().getLast().request().messages().getFirst().text();
  }

  @Test
  void aRetrievedDocumentsValuesAreRedactedBeforeTheUpstreamSeesThem() {
    KeyedHttp http = start("guard: { input: { pii: redact } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to <DOC_EMAIL_1>."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, question());

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(lastSystemPrompt()).contains("write to <DOC_EMAIL_1>").doesNotContain(DESK);
    assertThat(answered.body()).contains("<DOC_EMAIL_1>").doesNotContain(DESK);
  }

  @Test
  void anAnswerKeptBeforeTheGuardReadDocumentsIsNotServedOnceItDoes() throws Exception {
    KeyedHttp http = start("");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + "."));
    assertThat(untilCached(http, question()).headers().firstValue("x-apprentice-cache")).hasValue("exact");
    gateway.close();

    http = start("guard: { input: { pii: redact } }");
    upstream.byDefault(reply("Write to <DOC_EMAIL_1>."));
    HttpResponse<String> afterGuard = http.post("/v1/chat/completions", null, question());

    assertThat(afterGuard.headers().firstValue("x-apprentice-cache")).hasValue("miss");
    assertThat(afterGuard.body()).doesNotContain(DESK);
    assertThat(lastSystemPrompt()).contains("<DOC_EMAIL_1>").doesNotContain(DESK);
    assertThat(untilCached(http, question()).body()).as("answers made under the guard are kept as before")
        .contains("<DOC_EMAIL_1>");
  }

  @Test
  void anAnswerKeptBeforeAScannerBlockedDocumentsIsNotServedOnceItDoes() throws Exception {
    KeyedHttp http = start("guard: { input: { pii: flag } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + "."));
    untilCached(http, question());
    gateway.close();

    http = start("guard: { input: { pii: block } }");
    upstream.byDefault(reply("I do not know."));
    HttpResponse<String> afterGuard = http.post("/v1/chat/completions", null, question());

    assertThat(afterGuard.headers().firstValue("x-apprentice-cache")).hasValue("miss");
    assertThat(afterGuard.body()).doesNotContain(DESK);
  }

  private String outputPiiAction(HttpResponse<String> response) {
    String id = response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    for (var verdict : gateway.admin().trace(id).path("guard")) {
      if ("output".equals(verdict.path("direction").asText()) && "pii".equals(verdict.path("scanner").asText())) {
        return verdict.path("action").asText();
      }
    }
    return null;
  }

  @Test
  void anAnswerQuotingTheAddressOfARetrievedPassageIsServedUnderABlockingOutputPiiCheck() {
    KeyedHttp http = start("guard: { output: { pii: block } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + "."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, question());

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(answered.body()).contains(DESK);
    assertThat(outputPiiAction(answered)).isEqualTo("pass");
  }

  @Test
  void anAnswerWithAnAddressNeitherTheRequestNorThePassagesHoldIsStillBlocked() {
    KeyedHttp http = start("guard: { output: { pii: block } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + STRANGER + "."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, question());

    assertError(answered, 422, "invalid_request_error", "content_blocked", null);
    assertThat(answered.body()).doesNotContain(STRANGER);
  }

  @Test
  void aRedactingOutputPiiCheckKeepsThePassagesAddressAndReplacesOneItDoesNotHold() {
    KeyedHttp http = start("guard: { output: { pii: redact } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + " or to " + STRANGER + "."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, question());

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(answered.body()).contains("Write to " + DESK + " or to <EMAIL_").doesNotContain(STRANGER);
  }

  @Test
  void anExactRepeatOfAQuestionWhoseAnswerQuotedAPassageIsServedFromTheCacheUnderABlockingOutputPiiCheck()
      throws Exception {
    KeyedHttp http = start("guard: { output: { pii: block } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + "."));
    assertThat(http.post("/v1/chat/completions", null, question()).statusCode()).isEqualTo(200);

    HttpResponse<String> repeat = untilCached(http, question());

    assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
    assertThat(repeat.headers().firstValue("x-apprentice-cache")).hasValue("exact");
    assertThat(repeat.body()).contains(DESK);
    assertThat(outputPiiAction(repeat)).isEqualTo("pass");
  }

  @Test
  void anExactRepeatUnderARedactingOutputPiiCheckKeepsThePassagesAddressAndReplacesOneItDoesNotHold()
      throws Exception {
    KeyedHttp http = start("guard: { output: { pii: redact } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + " or to " + STRANGER + "."));
    assertThat(http.post("/v1/chat/completions", null, question()).statusCode()).isEqualTo(200);

    HttpResponse<String> repeat = untilCached(http, question());

    assertThat(repeat.headers().firstValue("x-apprentice-cache")).hasValue("exact");
    assertThat(repeat.body()).contains("Write to " + DESK + " or to <EMAIL_").doesNotContain(STRANGER);
  }

  @Test
  void theTraceOfACacheHitListsTheChunksItsAnswerWasMadeFrom() throws Exception {
    KeyedHttp http = start("");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + "."));
    http.post("/v1/chat/completions", null, question());

    HttpResponse<String> repeat = untilCached(http, question());

    assertThat(repeat.headers().firstValue("x-apprentice-cache")).hasValue("exact");
    String id = repeat.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    var retrieved = gateway.admin().trace(id).path("retrieved");
    assertThat(retrieved.size()).isEqualTo(1);
    assertThat(retrieved.get(0).path("document_id").asText()).isEqualTo("refunds");
    assertThat(retrieved.get(0).path("chunk_id").asText()).isEqualTo("refunds#0");
  }

  @Test
  void aStreamedAnswerQuotingTheAddressOfARetrievedPassageEndsWithoutAnErrorUnderABlockingOutputPiiCheck() {
    KeyedHttp http = start("guard: { output: { pii: block } }");
    addRefundsDocument(http);
    upstream.byDefault(reply("Write to " + DESK + "."));

    HttpResponse<String> streamed = http.post("/v1/chat/completions", null,
        question().replace("\"temperature\":0,", "\"temperature\":0,\"stream\":true,"));

    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).doesNotContain("content_blocked").contains("[DONE]");
  }
}
