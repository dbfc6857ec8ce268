package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.server.access.KeySecrets;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The admin API (PRODUCT.md §3): creating, listing and revoking keys; querying and exporting traces; costs. */
class AdminApiTest {

  private static final String ADMIN_KEY = "admin-key-for-admin-api-tests";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        alpha:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 1.5, output_per_mtok: 6 }
        beta:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 4, output_per_mtok: 20 }
      """, ADMIN_KEY, Clock.systemUTC());
  private final ApprenticeServer server = gateway.server();
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void creatingAKeyChecksEveryFieldAndTheErrorNamesTheBadOne() {
    Map<String, String> badBodies = Map.ofEntries(
        Map.entry("{}", "tenant"),
        Map.entry("{\"name\":\"no tenant\"}", "tenant"),
        Map.entry("{\"tenant\":\"\"}", "tenant"),
        Map.entry("{\"tenant\":42}", "tenant"),
        Map.entry("{\"tenant\":\"acme\",\"colour\":\"red\"}", "colour"),
        Map.entry("{\"tenant\":\"acme\",\"models\":[\"alpha\",\"nope\"]}", "models"),
        Map.entry("{\"tenant\":\"acme\",\"models\":\"alpha\"}", "models"),
        Map.entry("{\"tenant\":\"acme\",\"models\":[]}", "models"),
        Map.entry("{\"tenant\":\"acme\",\"name\":\"a\\nb\\u0000\\u001b[31mred\"}", "name"),
        Map.entry("{\"tenant\":\"acme\",\"name\":\"" + "n".repeat(201) + "\"}", "name"),
        Map.entry("{\"tenant\":\"acme\",\"budget_usd_per_day\":-1}", "budget_usd_per_day"),
        Map.entry("{\"tenant\":\"acme\",\"budget_usd_per_month\":-0.01}", "budget_usd_per_month"),
        Map.entry("{\"tenant\":\"acme\",\"budget_usd_per_day\":\"5\"}", "budget_usd_per_day"),
        Map.entry("{\"tenant\":\"acme\",\"rpm\":0}", "rpm"),
        Map.entry("{\"tenant\":\"acme\",\"rpm\":1.5}", "rpm"),
        Map.entry("{\"tenant\":\"acme\",\"tpm\":-100}", "tpm"),
        Map.entry("{\"tenant\":\"admin\"}", "tenant"),
        Map.entry("{\"tenant\":\"unauthenticated\",\"allow_unconfigured_tenant\":true}", "tenant"),
        Map.entry("{\"tenant\":\"acme\",\"allow_unconfigured_tenant\":1}", "allow_unconfigured_tenant"));

    badBodies.forEach((body, param) ->
        assertError(http.post("/admin/keys", ADMIN_KEY, body), 400, "invalid_request_error", null, param));
    HttpResponse<String> notAnObject = http.post("/admin/keys", ADMIN_KEY, "[\"acme\"]");
    assertThat(notAnObject.statusCode()).isEqualTo(400);
    HttpResponse<String> malformed = http.post("/admin/keys", ADMIN_KEY, "{\"tenant\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    ErrorAsserts.assertNoStackTrace(malformed.body());

    assertThat(keyList()).as("no key was created by a refused request").isEmpty();
    assertThat(server.anonymousAllowed()).isTrue();
  }

  @Test
  void aFieldGivenTwiceInAnAdminBodyIs400NamingItRatherThanTheLastOneWinning() {
    // the last one won: a restriction to one model, then a null, made a key that may call every model
    JsonNode models = assertError(http.post("/admin/keys", ADMIN_KEY,
        "{\"tenant\":\"acme\",\"models\":[\"alpha\"],\"models\":null}"), 400, "invalid_request_error", null,
        "models");
    assertThat(models.path("message").asText()).contains("more than once");
    assertError(http.post("/admin/keys", ADMIN_KEY, "{\"tenant\":\"acme\",\"tenant\":\"globex\"}"), 400,
        "invalid_request_error", null, "tenant");
    assertError(http.post("/admin/prompts", ADMIN_KEY,
        "{\"name\":\"triage\",\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"content\":\"b\"}]}"), 400,
        "invalid_request_error", null, "messages[0].content");

    assertThat(keyList()).as("no key was created by a refused request").isEmpty();
    assertThat(admin.get("/admin/prompts").body()).doesNotContain("triage");
  }

  @Test
  void aCountTooLargeForAWholeNumberIsRefusedRatherThanWrappedAround() {
    // 2^64 + 5 kept its low 64 bits and made a key with rpm 5; 2^32 + 1 is over the largest whole number a limit holds
    assertError(http.post("/admin/keys", ADMIN_KEY, "{\"tenant\":\"t\",\"rpm\":18446744073709551621}"), 400,
        "invalid_request_error", null, "rpm");
    assertError(http.post("/admin/keys", ADMIN_KEY, "{\"tenant\":\"t\",\"tpm\":4294967297}"), 400,
        "invalid_request_error", null, "tpm");

    assertThat(keyList()).as("no key was created by a refused request").isEmpty();
  }

  @Test
  void aCreatedKeyIsShownOnceAndTheListNeverShowsSecretsOrHashes() {
    JsonNode created = admin.createKey("""
        {"tenant":"acme","name":"ci","models":["beta","alpha"],"rpm":60,"tpm":10000,
         "budget_usd_per_day":2.5,"budget_usd_per_month":40}""");

    String key = created.path("key").asText();
    String id = created.path("id").asText();
    KeySecrets.Parsed parsed = KeySecrets.parse(key);
    assertThat(parsed).as("key %s shaped ak-<id>-<secret>", key).isNotNull();
    assertThat(parsed.id()).isEqualTo(id);
    assertThat(created.path("tenant").asText()).isEqualTo("acme");
    assertThat(created.path("name").asText()).isEqualTo("ci");
    assertThat(AdminClient.list(created.path("models")).stream().map(JsonNode::asText))
        .containsExactly("alpha", "beta");
    assertThat(created.path("rpm").asInt()).isEqualTo(60);
    assertThat(created.path("tpm").asInt()).isEqualTo(10000);
    assertThat(created.path("budget_usd_per_day").asDouble()).isEqualTo(2.5);
    assertThat(created.path("budget_usd_per_month").asDouble()).isEqualTo(40.0);

    HttpResponse<String> list = http.get("/admin/keys", ADMIN_KEY);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(parsed.secret()).doesNotContain(KeySecrets.hash(parsed.secret()))
        .doesNotContainIgnoringCase("hash").doesNotContain("\"key\":");
    List<JsonNode> keys = keyList();
    assertThat(keys).singleElement().satisfies(listed -> {
      assertThat(listed.path("id").asText()).isEqualTo(id);
      assertThat(listed.path("tenant").asText()).isEqualTo("acme");
      assertThat(listed.path("budget_usd_per_day").asDouble()).isEqualTo(2.5);
      assertThat(listed.has("key")).isFalse();
    });
    assertThat(http.chat(key, "alpha", "hello").statusCode()).as("the key shown works").isEqualTo(200);
  }

  @Test
  void theAnswerThatShowsAKeyOnceDescribesItAsEveryListAfterItWill() {
    JsonNode created = admin.createKey("{\"tenant\":\"acme\",\"budget_usd_per_day\":-0.0}");
    created = ((com.fasterxml.jackson.databind.node.ObjectNode) created).without("key");

    assertThat(keyList()).singleElement().isEqualTo(created);
    assertThat(created.path("created_at").asText()).as("to the millisecond, as stored").hasSize(24);
    assertThat(created.path("budget_usd_per_day").toString()).isEqualTo("0.0");
  }

  @Test
  void everyKeyCarriesEveryFieldNullWhenUnsetSoThatScriptsReadOneShape() {
    JsonNode created = admin.createKey("{\"tenant\":\"acme\"}");
    List<String> nullable = List.of("rpm", "tpm", "budget_usd_per_day", "budget_usd_per_month", "max_concurrent",
        "revoked_at", "expires_at");

    for (JsonNode key : List.of(created, keyList().getFirst())) {
      for (String field : nullable) {
        assertThat(key.has(field)).as("%s in %s", field, key).isTrue();
        assertThat(key.get(field).isNull()).as("%s in %s", field, key).isTrue();
      }
    }
  }

  @Test
  void aRevokedKeyStaysListedWithItsRevocationTime() {
    String id = admin.createKey("{\"tenant\":\"acme\"}").path("id").asText();

    admin.revoke(id);

    assertThat(keyList()).singleElement().satisfies(k -> {
      assertThat(k.path("id").asText()).isEqualTo(id);
      assertThat(Instant.parse(k.path("revoked_at").asText())).isBeforeOrEqualTo(Instant.now());
    });
  }

  @Test
  void tracesAreListedNewestFirstAndFilterByModelTenantStatusSinceAndLimit() throws InterruptedException {
    String acme = admin.newKey("{\"tenant\":\"acme\",\"rpm\":2}");
    String globexAlphaOnly = admin.newKey("{\"tenant\":\"globex\",\"models\":[\"alpha\"]}");
    String globex = admin.newKey("{\"tenant\":\"globex\"}");
    // calls a few milliseconds apart, so that each trace has its own start time (stored to the millisecond)
    String a1 = callApart(acme, "alpha", 200);
    String a2 = callApart(acme, "alpha", 200);
    String a3 = callApart(acme, "alpha", 429);
    Thread.sleep(20);
    String b1 = callApart(globexAlphaOnly, "alpha", 200);
    String b2 = callApart(globexAlphaOnly, "beta", 403);
    String c1 = callApart(globex, "beta", 200);

    assertThat(ids("")).containsExactly(c1, b2, b1, a3, a2, a1);
    assertThat(ids("model=beta")).containsExactly(c1, b2);
    assertThat(ids("tenant=acme")).containsExactly(a3, a2, a1);
    assertThat(ids("tenant=globex&model=alpha")).containsExactly(b1);
    assertThat(ids("status=ok")).containsExactly(c1, b1, a2, a1);
    assertThat(ids("status=error")).containsExactly(b2, a3);
    assertThat(ids("status=429")).containsExactly(a3);
    assertThat(ids("status=403")).containsExactly(b2);
    assertThat(ids("limit=2")).containsExactly(c1, b2);
    assertThat(ids("since=1h")).containsExactly(c1, b2, b1, a3, a2, a1);
    String b1Start = admin.trace(b1).path("started_at").asText();
    assertThat(ids("since=" + b1Start)).containsExactly(c1, b2, b1);
    assertThat(ids("since=" + Instant.now().plusSeconds(3600))).isEmpty();
    assertThat(ids("since=" + LocalDate.now(ZoneOffset.UTC).minusDays(1))).hasSize(6);

    JsonNode refused = admin.trace(a3);
    assertThat(refused.path("status").asInt()).isEqualTo(429);
    assertThat(refused.path("error_code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(admin.trace(b2).path("error_code").asText()).isEqualTo("model_not_allowed");
  }

  @Test
  void tracesFilterByKeyTagAndUntilToo() throws InterruptedException {
    JsonNode tagged = admin.createKey("{\"tenant\":\"acme\"}");
    String other = admin.newKey("{\"tenant\":\"acme\"}");
    HttpResponse<String> first = http.post("/v1/chat/completions", tagged.path("key").asText(),
        "{\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-apprentice-tags", "nightly,eval");
    String firstId = first.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    Thread.sleep(20);
    String second = callApart(other, "alpha", 200);

    assertThat(ids("key=" + tagged.path("id").asText())).containsExactly(firstId);
    assertThat(ids("tag=eval")).containsExactly(firstId);
    assertThat(ids("tag=nobody")).isEmpty();
    String secondStart = admin.trace(second).path("started_at").asText();
    assertThat(ids("until=" + secondStart)).as("until is exclusive").containsExactly(firstId);
    assertThat(ids("until=" + Instant.now().plusSeconds(60))).containsExactly(second, firstId);
  }

  @Test
  void badTraceQueriesAre400NamingTheParameter() {
    for (String[] bad : new String[][] {{"limit=0", "limit"}, {"limit=abc", "limit"}, {"limit=1001", "limit"},
        {"status=weird", "status"}, {"since=yesterday", "since"}, {"operation=images", "operation"},
        {"since=%2B300000000-01-01T00:00:00Z", "since"}, {"until=%2B300000000-01-01T00:00:00Z", "until"},
        {"prompt=x%40abc", "prompt"}, {"prompt=x%40staging", "prompt"}}) {
      assertError(admin.get("/admin/traces?" + bad[0]), 400, "invalid_request_error", null, bad[1]);
    }
    assertError(http.delete("/admin/traces?before=yesterday", ADMIN_KEY), 400, "invalid_request_error", null, "before");
    assertError(http.delete("/admin/traces", ADMIN_KEY), 400, "invalid_request_error", null, "before");
  }

  @Test
  void anUnknownOrRepeatedQueryParameterIs400NamingItOnEveryAdminRoute() {
    http.chat(null, "alpha", "hello");
    admin.flush();

    JsonNode by = assertError(admin.get("/admin/costs?by=tenant"), 400, "invalid_request_error", null, "by");
    assertThat(by.path("message").asText())
        .isEqualTo("unknown query parameter 'by' (this route takes group_by, since, until)");
    JsonNode twice = assertError(http.delete("/admin/traces?before=1h&before=2h", ADMIN_KEY), 400,
        "invalid_request_error", null, "before");
    assertThat(twice.path("message").asText()).isEqualTo("query parameter 'before' is given 2 times; give it once");
    assertThat(admin.traces("")).as("nothing deleted").isNotEmpty();
    assertError(admin.get("/admin/traces?modle=alpha"), 400, "invalid_request_error", null, "modle");
    assertError(admin.get("/admin/traces?tag=a&tag=b"), 400, "invalid_request_error", null, "tag");
    assertError(admin.get("/admin/traces/export?limit=5"), 400, "invalid_request_error", null, "limit");
    assertError(admin.get("/admin/traces/" + admin.traces("").getFirst().path("id").asText() + "?verbose=1"), 400,
        "invalid_request_error", null, "verbose");
    assertError(admin.get("/admin/keys?tenant=acme"), 400, "invalid_request_error", null, "tenant");
    assertError(admin.get("/admin/cache?model=alpha"), 400, "invalid_request_error", null, "model");
    assertError(admin.get("/admin/prompts?limit=5"), 400, "invalid_request_error", null, "limit");
    assertError(admin.get("/admin/datasets?limit=5"), 400, "invalid_request_error", null, "limit");
    assertError(admin.get("/admin/collections?x=1"), 400, "invalid_request_error", null, "x");
    assertThat(admin.get("/admin/traces?limit=1&model=alpha&since=1h").statusCode()).isEqualTo(200);
    assertThat(admin.get("/admin/costs?group_by=tenant&since=1d").statusCode()).isEqualTo(200);
  }

  @Test
  void aTraceShowsItsAttemptsAndTheCapturedRequestAndResponse() {
    HttpResponse<String> response = http.post("/v1/chat/completions", null, """
        {"model":"alpha","messages":[{"role":"system","content":"Be brief."},
         {"role":"user","content":"remember the lighthouse"}],"temperature":0.2}""");
    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.headers().firstValue("x-apprentice-trace-id").orElseThrow();

    JsonNode trace = admin.trace(id);

    assertThat(trace.path("id").asText()).isEqualTo(id);
    assertThat(trace.path("object").asText()).isEqualTo("trace");
    assertThat(trace.path("model").asText()).isEqualTo("alpha");
    assertThat(trace.path("provider").asText()).isEqualTo("sim");
    assertThat(trace.path("upstream_model").asText()).isEqualTo("sim-echo");
    assertThat(trace.path("status").asInt()).isEqualTo(200);
    assertThat(trace.path("stream").asBoolean()).isFalse();
    assertThat(trace.path("input_tokens").asInt()).isPositive();
    assertThat(trace.path("output_tokens").asInt()).isEqualTo(3);
    assertThat(trace.path("cost_usd").asDouble()).isPositive();
    assertThat(trace.path("attempts")).singleElement().satisfies(attempt -> {
      assertThat(attempt.path("index").asInt()).isZero();
      assertThat(attempt.path("provider").asText()).isEqualTo("sim");
      assertThat(attempt.path("upstream_model").asText()).isEqualTo("sim-echo");
      assertThat(attempt.path("outcome").asText()).isEqualTo("ok");
    });
    assertThat(trace.path("request").path("messages").path(1).path("content").asText())
        .isEqualTo("remember the lighthouse");
    assertThat(trace.path("request").path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(trace.path("response").path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("remember the lighthouse");
  }

  @Test
  void anUnknownTraceIdIs404() {
    assertError(admin.get("/admin/traces/tr_000000000000000000000000"), 404, "invalid_request_error", "not_found",
        null);
  }

  @Test
  void theExportIsJsonLinesOfEveryTraceOldestFirstBeyondTheListLimit() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 55; i++) ids.add(call(null, i % 2 == 0 ? "alpha" : "beta", 200));
    admin.flush();

    HttpResponse<String> response = admin.get("/admin/traces/export");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/x-ndjson"));
    String[] lines = response.body().split("\n");
    assertThat(lines).hasSize(55);
    List<JsonNode> traces = new ArrayList<>();
    for (String line : lines) traces.add(RawHttp.json(line));
    assertThat(traces).allSatisfy(t -> assertThat(t.path("object").asText()).isEqualTo("trace"));
    assertThat(traces.stream().map(t -> t.path("id").asText())).containsExactlyInAnyOrderElementsOf(ids);
    List<Instant> starts = traces.stream().map(t -> Instant.parse(t.path("started_at").asText())).toList();
    assertThat(starts).isSorted();
    assertThat(admin.traces("")).as("the list's default limit").hasSize(50);
  }

  @Test
  void costsGroupedByModelTenantKeyAndDayAddUpTheIndividualTraces() {
    call(null, "alpha", 200);
    call(null, "beta", 200);
    String acme = admin.newKey("{\"tenant\":\"acme\"}");
    String globex = admin.newKey("{\"tenant\":\"globex\"}");
    for (int i = 0; i < 3; i++) call(acme, "alpha", 200);
    for (int i = 0; i < 2; i++) call(acme, "beta", 200);
    for (int i = 0; i < 4; i++) call(globex, "beta", 200);
    List<JsonNode> traces = admin.export();
    assertThat(traces).hasSize(11);
    assertThat(traces).allSatisfy(t -> assertThat(t.path("cost_usd").asDouble()).isPositive());

    assertCostsMatch("model", traces, t -> t.path("model").asText());
    assertCostsMatch("tenant", traces, t -> t.path("tenant").asText());
    assertCostsMatch("key", traces, t -> t.hasNonNull("key_id") ? t.path("key_id").asText() : "anonymous");
    assertCostsMatch("day", traces,
        t -> LocalDate.ofInstant(Instant.parse(t.path("started_at").asText()), ZoneOffset.UTC).toString());
    assertThat(admin.costs("").path("group_by").asText()).as("the default grouping").isEqualTo("model");
    assertThat(admin.costs("group_by=tenant").path("data").findValuesAsText("group"))
        .containsExactlyInAnyOrder("default", "acme", "globex");
    Instant tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    assertThat(admin.costs("group_by=model&since=" + tomorrow.plusSeconds(60)).path("data")).isEmpty();
    JsonNode today = admin.costs("since=" + tomorrow.minusSeconds(60));
    assertThat(today.path("since").asText()).as("spend is kept per day: a report starts at its day's start")
        .isEqualTo(tomorrow.minusSeconds(86_400).toString());
    assertThat(AdminClient.list(today.path("data")).stream().mapToLong(r -> r.path("calls").asLong()).sum())
        .isEqualTo(11);
    assertError(admin.get("/admin/costs?group_by=colour"), 400, "invalid_request_error", null, "group_by");
    assertError(admin.get("/admin/costs?since=soon"), 400, "invalid_request_error", null, "since");
  }

  @Test
  void costsByKeyNameWhoseKeyEachIsItsTenantAndWhetherItIsRevoked() {
    call(null, "alpha", 200);
    JsonNode billing = admin.createKey("{\"tenant\":\"acme\",\"name\":\"billing\"}");
    JsonNode trial = admin.createKey("{\"tenant\":\"globex\",\"name\":\"trial\"}");
    call(billing.path("key").asText(), "alpha", 200);
    call(trial.path("key").asText(), "beta", 200);
    admin.revoke(trial.path("id").asText());
    admin.flush();

    Map<String, JsonNode> rows = AdminClient.list(admin.costs("group_by=key").path("data")).stream()
        .collect(Collectors.toMap(r -> r.path("group").asText(), r -> r));

    assertThat(rows.keySet()).containsExactlyInAnyOrder(billing.path("id").asText(), trial.path("id").asText(),
        "anonymous");
    JsonNode billed = rows.get(billing.path("id").asText());
    assertThat(List.of(billed.path("name").asText(), billed.path("tenant").asText(), billed.path("state").asText()))
        .containsExactly("billing", "acme", "active");
    JsonNode revoked = rows.get(trial.path("id").asText());
    assertThat(List.of(revoked.path("name").asText(), revoked.path("tenant").asText(), revoked.path("state").asText()))
        .containsExactly("trial", "globex", "revoked");
    assertThat(revoked.path("calls").asLong()).isEqualTo(1);
    assertThat(rows.get("anonymous").has("name")).as("an explicit null").isTrue();
    assertThat(rows.get("anonymous").path("name").isNull()).isTrue();
  }

  private void assertCostsMatch(String groupBy, List<JsonNode> traces, Function<JsonNode, String> group) {
    Map<String, List<JsonNode>> expected = traces.stream().collect(Collectors.groupingBy(group, TreeMap::new,
        Collectors.toList()));
    JsonNode report = admin.costs("group_by=" + groupBy);
    assertThat(report.path("group_by").asText()).isEqualTo(groupBy);
    List<JsonNode> rows = AdminClient.list(report.path("data"));
    assertThat(rows.stream().map(r -> r.path("group").asText())).as("groups by %s", groupBy)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    double total = 0;
    for (JsonNode row : rows) {
      List<JsonNode> members = expected.get(row.path("group").asText());
      double cost = members.stream().mapToDouble(t -> t.path("cost_usd").asDouble()).sum();
      total += cost;
      String what = groupBy + " " + row.path("group").asText();
      assertThat(row.path("calls").asLong()).as("calls of %s", what).isEqualTo(members.size());
      assertThat(row.path("input_tokens").asLong()).as("input tokens of %s", what)
          .isEqualTo(members.stream().mapToLong(t -> t.path("input_tokens").asLong()).sum());
      assertThat(row.path("output_tokens").asLong()).as("output tokens of %s", what)
          .isEqualTo(members.stream().mapToLong(t -> t.path("output_tokens").asLong()).sum());
      assertThat(row.path("cost_usd").asDouble()).as("cost of %s", what).isCloseTo(cost, within(1e-9));
      assertThat(row.path("estimated_calls").asLong()).as("estimated calls of %s", what)
          .isEqualTo(members.stream().filter(t -> t.path("usage_estimated").asBoolean()).count());
    }
    assertThat(report.path("total_usd").asDouble()).isCloseTo(total, within(1e-9));
  }

  /** Makes a call expecting {@code status}, and returns its trace id. */
  private String call(String key, String model, int status) {
    HttpResponse<String> response = http.chat(key, model, "one two three");
    assertThat(response.statusCode()).as("%s: %s", model, response.body()).isEqualTo(status);
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }

  private String callApart(String key, String model, int status) throws InterruptedException {
    Thread.sleep(3);
    return call(key, model, status);
  }

  private List<String> ids(String query) {
    return admin.traces(query).stream().map(t -> t.path("id").asText()).toList();
  }

  private List<JsonNode> keyList() {
    HttpResponse<String> response = http.get("/admin/keys", ADMIN_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).path("object").asText()).isEqualTo("list");
    return AdminClient.list(RawHttp.json(response.body()).path("data"));
  }
}
