package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.FakeUpstream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every row of the error table (PRODUCT.md §3) reached over HTTP against ONE server, which must still answer a good
 * request afterwards. The server lives for the whole class on purpose; the last test checks it survived. A client key
 * exists from the start, so every call carries one: the rows of the table that need keys (401, 403, 429) are
 * reached with keys made for them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErrorTableTest {

  private static final String COMPLETION = UpstreamAnswers.completion("fine");

  private final FakeUpstream upstream = new FakeUpstream();
  private final FakeProvider second = new FakeProvider("second");
  private final FakeProvider failing = new FakeProvider("failing").byDefault(FakeProvider.fail(Kind.SERVER_ERROR, 500, null));
  private final FakeProvider hanging = new FakeProvider("hanging").byDefault(FakeProvider.hang());
  private final FakeProvider good = new FakeProvider("good").byDefault(FakeProvider.reply("all good"));
  private RunningGateway gateway;
  private RawHttp http;
  private String key;

  @BeforeAll
  void start() {
    String yaml = """
        server: { max_body_bytes: 1024 }
        providers:
          up: { type: openai, base_url: "%s" }
          sim: { type: simulator }
          second: { type: simulator }
          failing: { type: simulator }
          hanging: { type: simulator }
          good: { type: simulator }
        models:
          ok:
            targets: [ { provider: good, model: good-model } ]
          proxied:
            targets: [ { provider: up, model: upstream-model } ]
            retries: 0
          guarded:
            targets:
              - { provider: up, model: upstream-model }
              - { provider: second, model: second-model }
            retries: 0
          broken:
            targets: [ { provider: failing, model: always-500 } ]
            retries: 0
            circuit_breaker: { minimum_calls: 2, failure_rate_percent: 50, open_ms: 60000 }
          slow:
            targets: [ { provider: hanging, model: never } ]
            retries: 0
            timeout_ms: 150
          screened:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { input: { secrets: block } }
          metered:
            targets: [ { provider: sim, model: sim-echo } ]
            price: { input_per_mtok: 0, output_per_mtok: 1000 }
        """.formatted(upstream.baseUrl());
    Map<String, ChatProvider> fakes = Map.of("second", second, "failing", failing, "hanging", hanging, "good", good);
    gateway = Gateways.running(yaml, fakes).closing(upstream, hanging);
    http = new RawHttp(gateway.server());
    key = gateway.admin().newKey("{\"tenant\":\"table\"}");
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  @Order(1)
  void malformedJsonIsA400() {
    JsonNode truncated = assertError(chat("{\"model\":\"ok\",\"messages\":["), 400, "invalid_request_error", null, null);
    assertThat(truncated.path("message").asText()).startsWith("malformed JSON").doesNotContain("REDACTED");
    JsonNode bareWord = assertError(chat("{\"model\": ok}"), 400, "invalid_request_error", null, null);
    assertThat(bareWord.path("message").asText()).startsWith("malformed JSON").contains("line 1");
    assertError(chat(""), 400, "invalid_request_error", null, null);
  }

  @Test
  @Order(2)
  void aStringWhereANumberBelongsNamesTheField() {
    assertError(chat("{\"model\":\"ok\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        400, "invalid_request_error", null, "temperature");
  }

  @Test
  @Order(3)
  void aNumberWhereARoleBelongsNamesTheNestedField() {
    assertError(chat("{\"model\":\"ok\",\"messages\":[{\"role\":5,\"content\":\"hi\"}]}"),
        400, "invalid_request_error", null, "messages[0].role");
  }

  @Test
  @Order(4)
  void aStringWhereTheMessagesArrayBelongsNamesMessages() {
    assertError(chat("{\"model\":\"ok\",\"messages\":\"hi\"}"), 400, "invalid_request_error", null, "messages");
  }

  @Test
  @Order(5)
  void anOutOfRangeTemperatureIsA400() {
    JsonNode error = assertError(chat("{\"model\":\"ok\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        400, "invalid_request_error", null, "temperature");
    assertThat(error.path("message").asText()).contains("between 0 and 2");
  }

  @Test
  @Order(6)
  void aMissingModelIsA400() {
    assertError(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "invalid_request_error", null, "model");
  }

  @Test
  @Order(7)
  void emptyMessagesAreA400() {
    assertError(chat("{\"model\":\"ok\",\"messages\":[]}"), 400, "invalid_request_error", null, "messages");
  }

  @Test
  @Order(8)
  void invalidUtf8InAStringIsA400SayingSo() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"caf".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    body.writeBytes("\"}]}".getBytes(StandardCharsets.US_ASCII));

    JsonNode error = assertError(http.send(keyed("/v1/chat/completions").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))), 400, "invalid_request_error", null, "messages[0].content");
    assertThat(error.path("message").asText()).contains("UTF-8");
  }

  @Test
  @Order(9)
  void anUnknownModelIsA404NamingTheModelParam() {
    JsonNode error = assertError(chat("{\"model\":\"gpt-17\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        404, "invalid_request_error", "model_not_found", "model");
    assertThat(error.path("message").asText()).contains("gpt-17");
  }

  @Test
  @Order(10)
  void aBodyOverTheLimitWithContentLengthIsA413() {
    assertError(chat(oversizedBody()), 413, "invalid_request_error", "request_too_large", null);
  }

  @Test
  @Order(11)
  void aChunkedBodyOverTheLimitIsA413() {
    byte[] body = oversizedBody().getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = http.send(keyed("/v1/chat/completions")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertError(response, 413, "invalid_request_error", "request_too_large", null);
  }

  @Test
  @Order(12)
  void getOnChatCompletionsIsA405() {
    assertError(http.send(keyed("/v1/chat/completions").GET()), 405, "invalid_request_error", "method_not_allowed", null);
  }

  @Test
  @Order(21)
  void aWrongMethodOnAKnownPathIsA405WhoseAllowHeaderNamesTheRightOnes() {
    Map<String, String> allowed = Map.of("POST /v1/models", "GET, HEAD", "POST /health", "GET, HEAD", "DELETE /ready", "GET, HEAD",
        "POST /metrics", "GET, HEAD", "GET /v1/embeddings", "POST", "PUT /v1/chat/completions", "POST");
    // admin paths answer 405 only to the admin key: AccessControlTest
    allowed.forEach((request, allow) -> {
      String[] methodAndPath = request.split(" ");
      HttpResponse<String> response = http.send(keyed(methodAndPath[1])
          .method(methodAndPath[0], HttpRequest.BodyPublishers.noBody()));

      JsonNode error = assertError(response, 405, "invalid_request_error", "method_not_allowed", null);
      assertThat(response.headers().firstValue("allow")).as(request).hasValue(allow);
      assertThat(error.path("message").asText()).contains(methodAndPath[0]).contains(methodAndPath[1]);
    });
  }

  @Test
  @Order(13)
  void anUnknownPathIsAJson404() {
    assertError(http.send(keyed("/v1/nothing-here").GET()), 404, "invalid_request_error", "not_found", null);
  }

  @Test
  @Order(14)
  void anUpstreamThatRateLimitsEveryTryIsA502CarryingItsRetryAfter() {
    upstream.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}", "Retry-After", "9");

    HttpResponse<String> response = chat(simple("proxied"));

    assertError(response, 502, "upstream_error", "upstream_error", null);
    assertThat(response.headers().firstValue("retry-after")).as("what is left of the upstream's 9 s")
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 9L));
  }

  @Test
  @Order(14)
  void anUpstreamAnsweringGarbageIsA502() {
    upstream.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json").body("this is not json at all").build());

    JsonNode error = assertError(chat(simple("proxied")), 502, "upstream_error", "upstream_error", null);
    assertThat(error.path("message").asText()).contains("up/upstream-model");
  }

  @Test
  @Order(15)
  void anUpstreamHtmlErrorPageIsA502WithAShortMessage() {
    upstream.html(502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
        + "</center><hr><center>nginx</center>" + "<!-- padding -->".repeat(200) + "</body></html>");

    JsonNode error = assertError(chat(simple("proxied")), 502, "upstream_error", "upstream_error", null);
    String message = error.path("message").asText();
    assertThat(message).doesNotContainIgnoringCase("<html").contains("502");
    assertThat(message.length()).isLessThan(500);
  }

  @Test
  @Order(16)
  void anUpstream400IsA400WithoutFallingBack() {
    upstream.json(400, "{\"error\":{\"message\":\"Invalid value for 'logprobs'\",\"type\":\"invalid_request_error\"}}");
    int secondCallsBefore = second.calls();

    JsonNode error = assertError(chat(simple("guarded")), 400, "invalid_request_error", null, null);
    assertThat(error.path("message").asText()).contains("logprobs");
    assertThat(second.calls()).as("the second target was not called").isEqualTo(secondCallsBefore);
  }

  @Test
  @Order(17)
  void whenEveryCircuitIsOpenTheAnswerIs503WithoutCallingTheUpstream() {
    assertError(chat(simple("broken")), 502, "upstream_error", "upstream_error", null);
    assertError(chat(simple("broken")), 502, "upstream_error", "upstream_error", null);
    int callsWhenOpened = failing.calls();

    HttpResponse<String> refused = chat(simple("broken"));
    JsonNode error = assertError(refused, 503, "upstream_error", "no_healthy_target", null);
    assertThat(error.path("message").asText()).contains("failing/always-500");
    assertThat(refused.headers().firstValue("retry-after")).as("when the circuit lets a trial through, in seconds")
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
    assertThat(failing.calls()).isEqualTo(callsWhenOpened);
  }

  @Test
  @Order(18)
  void aPassedDeadlineIsA504() {
    long started = System.nanoTime();
    assertError(chat(simple("slow")), 504, "upstream_error", "upstream_timeout", null);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
  }

  @Test
  @Order(19)
  void streamOptionsWithoutStreamIsA400() {
    assertError(chat("{\"model\":\"ok\",\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "invalid_request_error", null, "stream_options");
  }

  @Test
  @Order(20)
  void anUpstreamOutOfCreditFallsBackToTheNextTargetWhichAnswers() {
    upstream.json(402, "{\"error\":{\"message\":\"Insufficient Balance\",\"type\":\"unknown_error\"}}");
    int secondCallsBefore = second.calls();

    HttpResponse<String> response = chat(simple("guarded"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("second/second-model");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("2");
    assertThat(second.calls()).isEqualTo(secondCallsBefore + 1);
  }

  @Test
  @Order(22)
  void aBodyThatIsNoJsonObjectIsA400SayingSoOnChatAndEmbeddings() {
    for (String path : new String[] {"/v1/chat/completions", "/v1/embeddings"}) {
      for (String body : new String[] {"null", "[]", "5", "\"x\"", " null "}) {
        JsonNode error = assertError(gateway.http().post(path, key, body), 400, "invalid_request_error", null, null);
        assertThat(error.path("message").asText()).as("%s of %s", path, body)
            .isEqualTo("the request body must be a JSON object");
      }
    }
  }

  @Test
  @Order(23)
  void aMissingOrUnknownKeyIsA401() {
    String body = simple("ok");

    assertError(gateway.http().post("/v1/chat/completions", null, body), 401, "authentication_error",
        "invalid_api_key", null);
    assertError(gateway.http().post("/v1/chat/completions", "ak-000000000000-notasecret", body), 401,
        "authentication_error", "invalid_api_key", null);
  }

  @Test
  @Order(24)
  void aKeyOutsideItsModelsAndAClientKeyOnTheAdminApiAre403() {
    String onlyOk = gateway.admin().newKey("{\"tenant\":\"table\",\"models\":[\"ok\"]}");

    assertError(gateway.http().chat(onlyOk, "metered", "hi"), 403, "permission_error", "model_not_allowed", "model");
    assertError(gateway.http().get("/admin/keys", key), 403, "permission_error", "model_not_allowed", null);
  }

  @Test
  @Order(25)
  void aRequestAGuardrailBlocksIsA422SayingWhichScannerAndWhy() {
    String token = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

    HttpResponse<String> response = gateway.http().chat(key, "screened", "deploy with " + token);

    JsonNode error = assertError(response, 422, "invalid_request_error", "content_blocked", null);
    assertThat(error.path("message").asText()).contains("scanner 'secrets' found 1 SECRET").doesNotContain(token);
  }

  @Test
  @Order(26)
  void aKeyOverItsRpmIsA429WithRetryAfter() {
    String oncePerMinute = gateway.admin().newKey("{\"tenant\":\"table\",\"rpm\":1}");
    assertThat(gateway.http().chat(oncePerMinute, "ok", "hi").statusCode()).isEqualTo(200);

    HttpResponse<String> refused = gateway.http().chat(oncePerMinute, "ok", "hi");

    assertError(refused, 429, "rate_limit_error", "rate_limit_exceeded", null);
    assertThat(refused.headers().firstValue("retry-after"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
  }

  @Test
  @Order(27)
  void aKeyOverItsDailyBudgetIsA429WithRetryAfter() {
    // metered charges $0.001 an output token: a call reserves $0.01 (max_tokens 10) and costs $0.005 (five words
    // echoed), so the first fits the $0.012 and the second, $0.005 + $0.01, does not
    String budgeted = gateway.admin().newKey("{\"tenant\":\"table\",\"budget_usd_per_day\":0.012}");
    String call = "{\"model\":\"metered\",\"max_tokens\":10,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five\"}]}";
    assertThat(gateway.http().post("/v1/chat/completions", budgeted, call).statusCode()).isEqualTo(200);

    HttpResponse<String> refused = gateway.http().post("/v1/chat/completions", budgeted, call);

    assertError(refused, 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(refused.headers().firstValue("retry-after")).as("seconds to the next UTC day")
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 86_400L));
  }

  @Test
  @Order(100)
  void theSameServerStillAnswersAGoodRequestAfterAllOfThat() {
    HttpResponse<String> response = chat(simple("ok"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("all good");
    HttpResponse<String> proxied;
    upstream.json(200, COMPLETION);
    proxied = chat(simple("proxied"));
    assertThat(proxied.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> chat(String json) {
    return gateway.http().post("/v1/chat/completions", key, json);
  }

  /** A request to {@code path} that carries the class's client key. */
  private HttpRequest.Builder keyed(String path) {
    return http.request(path).header("Authorization", "Bearer " + key);
  }

  private static String simple(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  private static String oversizedBody() {
    return "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(4000) + "\"}]}";
  }
}
