package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Who may call what (PRODUCT.md §3): anonymous loopback use, client keys, model allowlists and the admin key. */
class AccessControlTest {

  static final String ADMIN_KEY = "admin-key-for-access-tests";
  static final String YAML = """
      providers:
        sim: { type: simulator }
      models:
        a:
          targets: [ { provider: sim, model: sim-echo } ]
        b:
          targets: [ { provider: sim, model: sim-echo } ]
      """;

  @AutoClose
  private final RunningGateway gateway = Gateways.running(YAML, ADMIN_KEY, Clock.systemUTC());
  private final ApprenticeServer server = gateway.server();
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void twoAuthorizationHeadersAreA400WhicheverOfThemIsGood() {
    String key = admin.newKey("{\"tenant\":\"acme\"}");
    String chat = KeyedHttp.chatBody("a", "hello");

    for (String[] pair : new String[][] {{key, "ak-bad-key"}, {"ak-bad-key", key}, {key, key}}) {
      JsonNode error = assertError(http.post("/v1/chat/completions", pair[0], chat, "Authorization", "Bearer " + pair[1]),
          400, "invalid_request_error", null, null);
      assertThat(error.path("message").asText()).contains("2 Authorization headers");
    }
    assertError(http.post("/v1/embeddings", key, "{\"model\":\"a\",\"input\":\"x\"}", "Authorization", "Bearer x"),
        400, "invalid_request_error", null, null);
    assertError(http.post("/admin/keys", ADMIN_KEY, "{\"tenant\":\"t\"}", "Authorization", "Bearer " + key),
        400, "invalid_request_error", null, null);
    assertThat(http.chat(key, "a", "hello").statusCode()).as("one header is served").isEqualTo(200);
  }

  @Test
  void withoutClientKeysOnLoopbackCallsWithoutAKeyOrWithAPlaceholderAreServedAnonymously() {
    assertThat(server.anonymousAllowed()).isTrue();

    HttpResponse<String> keyless = http.chat(null, "a", "hello");
    HttpResponse<String> placeholder = http.chat("sk-anything", "a", "hello");

    assertThat(keyless.statusCode()).as(keyless.body()).isEqualTo(200);
    assertThat(placeholder.statusCode()).as(placeholder.body()).isEqualTo(200);
    JsonNode trace = admin.trace(keyless.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("tenant").asText()).isEqualTo("default");
    assertThat(trace.hasNonNull("key_id")).as("no key id in %s", trace).isFalse();
  }

  @Test
  void onceAClientKeyExistsACallWithoutAKeyOrWithAPlaceholderIsRefusedWith401() {
    String key = admin.newKey("{\"tenant\":\"acme\"}");

    assertThat(server.anonymousAllowed()).isFalse();
    assertError(http.chat(null, "a", "hello"), 401, "authentication_error", "invalid_api_key", null);
    assertError(http.chat("sk-anything", "a", "hello"), 401, "authentication_error", "invalid_api_key", null);
    assertThat(http.chat(key, "a", "hello").statusCode()).isEqualTo(200);
  }

  @Test
  void aPlaceholderRefusedOnceAClientKeyExistsIsToldWhatAnApprenticeKeyLooksLikeWithoutBeingQuoted() {
    admin.newKey("{\"tenant\":\"acme\"}");

    JsonNode placeholder = assertError(http.chat("sk-anything-from-the-sdk", "a", "hello"), 401,
        "authentication_error", "invalid_api_key", null);
    JsonNode unknownOfOurs = assertError(http.chat("ak-000000000000-notasecret", "a", "hello"), 401,
        "authentication_error", "invalid_api_key", null);

    assertThat(placeholder.path("message").asText())
        .contains("not an Apprentice key", "ak-<id>-<secret>", "apprentice keys create")
        .doesNotContain("sk-anything");
    assertThat(unknownOfOurs.path("message").asText()).isEqualTo("Invalid API key: unknown or revoked.");
  }

  @Test
  void theModelListNeedsAKeyOnceOneExistsAndShowsOnlyTheModelsTheKeyMayCall() {
    String onlyA = admin.newKey("{\"tenant\":\"acme\",\"models\":[\"a\"]}");

    assertError(http.get("/v1/models", null), 401, "authentication_error", "invalid_api_key", null);
    assertError(http.get("/v1/models", "ak-000000000000-notasecret"), 401, "authentication_error", "invalid_api_key",
        null);
    assertThat(ids(http.get("/v1/models", onlyA))).containsExactly("a");
    assertThat(ids(http.get("/v1/models", ADMIN_KEY))).as("the admin sees every model").contains("a", "b");
  }

  @Test
  void oneModelIsRetrievedByIdAndAModelTheKeyMayNotCallIsNotFound() {
    String onlyA = admin.newKey("{\"tenant\":\"acme\",\"models\":[\"a\"]}");

    HttpResponse<String> a = http.get("/v1/models/a", onlyA);
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(a.body()).path("id").asText()).isEqualTo("a");
    assertThat(RawHttp.json(a.body()).path("object").asText()).isEqualTo("model");
    assertError(http.get("/v1/models/b", onlyA), 404, "invalid_request_error", "model_not_found", "model");
    assertError(http.get("/v1/models/nope", onlyA), 404, "invalid_request_error", "model_not_found", "model");
    assertError(http.get("/v1/models/a", null), 401, "authentication_error", "invalid_api_key", null);
  }

  @Test
  void aModelWhoseIdHasASlashIsRetrievedToo() {
    HttpResponse<String> local = http.get("/v1/models/local/all-minilm-l6-v2", ADMIN_KEY);

    assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
    assertThat(RawHttp.json(local.body()).path("id").asText()).isEqualTo("local/all-minilm-l6-v2");
  }

  @Test
  void anUnknownModelsErrorNamesOnlyTheModelsTheKeyMayCall() {
    String onlyA = admin.newKey("{\"tenant\":\"acme\",\"models\":[\"a\"]}");

    JsonNode error = assertError(http.chat(onlyA, "x", "hi"), 404, "invalid_request_error", "model_not_found",
        "model");

    assertThat(error.path("message").asText()).contains("Models you may call: a").doesNotContain("b");
  }

  private static java.util.List<String> ids(HttpResponse<String> list) {
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    java.util.List<String> ids = new java.util.ArrayList<>();
    RawHttp.json(list.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
    return ids;
  }

  @Test
  void anAkKeyThatIsUnknownOrHasTheWrongSecretIsRefusedWith401() {
    String key = admin.newKey("{\"tenant\":\"acme\"}");
    String id = key.substring("ak-".length(), key.indexOf('-', "ak-".length()));

    assertError(http.chat("ak-000000000000-notasecret", "a", "hi"), 401, "authentication_error", "invalid_api_key",
        null);
    assertError(http.chat("ak-" + id + "-wrongsecret", "a", "hi"), 401, "authentication_error", "invalid_api_key",
        null);
    assertError(http.chat(key + "x", "a", "hi"), 401, "authentication_error", "invalid_api_key", null);
    assertError(http.chat("ak-", "a", "hi"), 401, "authentication_error", "invalid_api_key", null);
    assertThat(http.chat(key, "a", "hi").statusCode()).isEqualTo(200);
  }

  @Test
  void aRevokedKeyIsRefusedOnTheVeryNextCall() {
    JsonNode created = admin.createKey("{\"tenant\":\"acme\"}");
    String key = created.path("key").asText();
    String other = admin.newKey("{\"tenant\":\"acme\"}");
    assertThat(http.chat(key, "a", "hello").statusCode()).isEqualTo(200);

    admin.revoke(created.path("id").asText());

    assertError(http.chat(key, "a", "hello"), 401, "authentication_error", "invalid_api_key", null);
    assertThat(http.chat(other, "a", "hello").statusCode()).as("other keys still work").isEqualTo(200);
    assertError(http.delete("/admin/keys/" + created.path("id").asText(), ADMIN_KEY), 404, "invalid_request_error",
        "not_found", null);
  }

  @Test
  void revokingTheLastClientKeyDoesNotMakeLoopbackCallsAnonymousAgain() {
    JsonNode created = admin.createKey("{\"tenant\":\"acme\"}");
    assertError(http.chat(null, "a", "hello"), 401, "authentication_error", "invalid_api_key", null);

    admin.revoke(created.path("id").asText());

    assertError(http.chat(null, "a", "hello"), 401, "authentication_error", "invalid_api_key", null);
  }

  @Test
  void aKeyLimitedToOneModelIsRefusedAnyOtherModelWith403ForChatAndEmbeddings() {
    String key = admin.newKey("{\"tenant\":\"acme\",\"models\":[\"a\"]}");

    assertThat(http.chat(key, "a", "hello").statusCode()).isEqualTo(200);
    assertError(http.chat(key, "b", "hello"), 403, "permission_error", "model_not_allowed", "model");
    assertError(http.post("/v1/chat/completions", key,
            "{\"model\":\"b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        403, "permission_error", "model_not_allowed", "model");
    assertError(http.post("/v1/embeddings", key, "{\"model\":\"b\",\"input\":\"hello\"}"), 403, "permission_error",
        "model_not_allowed", "model");
  }

  @Test
  void theAdminApiAnswers401WithoutAKeyOrWithAnUnknownOne403WithAClientKeyAnd200WithTheAdminKey() {
    String client = admin.newKey("{\"tenant\":\"acme\"}");
    JsonNode revoked = admin.createKey("{\"tenant\":\"acme\"}");
    admin.revoke(revoked.path("id").asText());

    for (String path : new String[] {"/admin/keys", "/admin/traces", "/admin/traces/export", "/admin/costs",
        "/admin/traces/tr_000000000000000000000000"}) {
      assertError(http.get(path, null), 401, "authentication_error", "invalid_api_key", null);
      for (String unknown : new String[] {"sk-anything", client + "x", revoked.path("key").asText()}) {
        JsonNode error = assertError(http.get(path, unknown), 401, "authentication_error", "invalid_api_key", null);
        assertThat(error.path("message").asText()).as(path)
            .isEqualTo("Invalid API key: unknown or revoked; the admin API needs the admin key.");
      }
      assertError(http.get(path, client), 403, "permission_error", "model_not_allowed", null);
    }
    assertError(http.post("/admin/keys", client, "{\"tenant\":\"evil\"}"), 403, "permission_error",
        "model_not_allowed", null);
    assertError(http.delete("/admin/keys/whatever", client), 403, "permission_error", "model_not_allowed", null);
    assertThat(http.get("/admin/keys", ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(http.get("/admin/traces", ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(http.get("/admin/costs", ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(http.get("/admin/traces/export", ADMIN_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void theAdminKeyCannotCallModelsOnceClientKeysExist() {
    admin.newKey("{\"tenant\":\"acme\"}");

    assertError(http.chat(ADMIN_KEY, "a", "hello"), 403, "permission_error", "model_not_allowed", null);
    assertError(http.post("/v1/embeddings", ADMIN_KEY, "{\"model\":\"a\",\"input\":\"hello\"}"), 403,
        "permission_error", "model_not_allowed", null);
  }

  @Test
  void theAdminKeyCannotCallModelsEvenWhileCallsAreAnonymous() {
    assertThat(server.anonymousAllowed()).isTrue();

    assertError(http.chat(ADMIN_KEY, "a", "hello"), 403, "permission_error", "model_not_allowed", null);
  }

  @Test
  void aGeneratedAdminKeyCannotCallModelsEvenWhileCallsAreAnonymous() {
    try (RunningGateway generated = Gateways.running(YAML, null, Clock.systemUTC())) {
      String adminKey = generated.server().generatedAdminKey().orElseThrow();
      KeyedHttp calls = generated.http();
      assertThat(generated.server().anonymousAllowed()).as("the admin key is no client key").isTrue();

      assertError(calls.chat(adminKey, "a", "hello"), 403, "permission_error", "model_not_allowed", null);
      assertThat(calls.get("/admin/keys", adminKey).statusCode()).isEqualTo(200);
      assertThat(calls.chat(null, "a", "hello").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aServerBoundBeyondLoopbackRefusesCallsWithoutAKeyEvenWhenNoKeysExist() {
    RunningGateway wide;
    try {
      wide = Gateways.running("server: { host: 0.0.0.0 }\n" + YAML, ADMIN_KEY, Clock.systemUTC());
    } catch (RuntimeException e) {
      Assumptions.abort("cannot bind 0.0.0.0 on this machine (" + e + "); the non-loopback rule is untested here");
      return;
    }
    try (wide) {
      KeyedHttp calls = wide.http();
      assertThat(wide.server().anonymousAllowed()).isFalse();

      assertError(calls.chat(null, "a", "hello"), 401, "authentication_error", "invalid_api_key", null);
      assertError(calls.chat("sk-anything", "a", "hello"), 401, "authentication_error", "invalid_api_key", null);
      assertError(calls.post("/v1/embeddings", null, "{\"model\":\"a\",\"input\":\"hello\"}"), 401,
          "authentication_error", "invalid_api_key", null);

      String key = wide.admin().newKey("{\"tenant\":\"acme\"}");
      assertThat(calls.chat(key, "a", "hello").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void underAdminNothingIsSaidWithoutTheAdminKeyNotEvenWhichPathsOrMethodsExist() {
    String clientKey = admin.newKey("{\"tenant\":\"acme\"}");

    assertError(http.post("/admin/keys/k1", null, "{}"), 401, "authentication_error", "invalid_api_key", null);
    assertError(http.post("/admin/keys/k1", clientKey, "{}"), 403, "permission_error", "model_not_allowed", null);
    assertError(http.get("/admin/nothing-here", null), 401, "authentication_error", "invalid_api_key", null);

    assertError(http.get("/admin/nothing-here", ADMIN_KEY), 404, "invalid_request_error", "not_found", null);
  }

  @Test
  void withTheAdminKeyAWrongMethodOnAnAdminPathIsA405WhoseAllowHeaderNamesTheRightOnes() {
    Map<String, String> allowed = Map.of("PUT /admin/keys", "POST, GET, HEAD", "GET /admin/keys/k1", "DELETE",
        "PATCH /admin/prompts/p/labels/prod", "PUT");
    RawHttp raw = new RawHttp(server);
    allowed.forEach((request, allow) -> {
      String[] methodAndPath = request.split(" ");
      HttpResponse<String> response = raw.send(raw.request(methodAndPath[1]).header("Authorization", "Bearer " + ADMIN_KEY)
          .method(methodAndPath[0], HttpRequest.BodyPublishers.noBody()));

      assertError(response, 405, "invalid_request_error", "method_not_allowed", null);
      assertThat(response.headers().firstValue("allow")).as(request).hasValue(allow);
    });
  }
}
