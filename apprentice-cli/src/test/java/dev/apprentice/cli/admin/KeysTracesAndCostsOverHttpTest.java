package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin commands with {@code --url}, against a real server on a free port. */
class KeysTracesAndCostsOverHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_KEY = "test-admin-key";

  @TempDir
  Path dataDir;

  private ApprenticeServer server;
  private String url;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void startServer() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          sim-echo:
            targets: [ { provider: sim, model: sim-echo } ]
            price: { input_per_mtok: 1000000, output_per_mtok: 2000000 }
        """, Map.of()).withServer("127.0.0.1", 0).withDataDir(dataDir.toString());
    server = ApprenticeServer.start(config, Map.of(), ADMIN_KEY, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stopServer() {
    if (server != null) server.close();
    http.close();
  }

  private Cli.Run remote(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = url;
    all[args.length + 2] = "--admin-key";
    all[args.length + 3] = ADMIN_KEY;
    return Cli.run(all);
  }

  private HttpResponse<String> chat(String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"));
    if (key != null) request.header("authorization", "Bearer " + key);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(Cli.Run run) throws Exception {
    assertThat(run.exit()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void aKeyCreatedOverHttpMakesACallThatTracesAndCostsThenShow() throws Exception {
    JsonNode created = json(remote("keys", "create", "--tenant", "acme", "--models", "sim-echo", "--json"));
    String keyId = created.get("id").asText();
    HttpResponse<String> answer = chat(created.get("key").asText());
    assertThat(answer.statusCode()).isEqualTo(200);
    String traceId = answer.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    server.accounting().writer().flush();

    Cli.Run listed = remote("traces", "list");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).contains(traceId, "sim-echo", "acme", "200", "9/2", "$13.000000", "sim/sim-echo");
    assertThat(remote("traces", "show", traceId).out()).contains("acme (key " + keyId + ")", "hello there");
    assertThat(remote("traces", "export").out().lines()).singleElement().asString().contains("\"id\":\"" + traceId + "\"");

    JsonNode byKey = json(remote("costs", "--by", "key", "--since", "1h", "--json"));
    assertThat(byKey.get("data")).singleElement().satisfies(row -> {
      assertThat(row.get("group").asText()).isEqualTo(keyId);
      assertThat(row.get("calls").asLong()).isEqualTo(1);
    });
    assertThat(remote("costs").out()).contains("sim-echo", "TOTAL", "$13.000000");

    assertThat(remote("keys", "list").out()).contains(keyId, "acme", "sim-echo").doesNotContain(created.get("key").asText());
    assertThat(remote("keys", "revoke", keyId).exit()).isZero();
    assertThat(chat(created.get("key").asText()).statusCode()).isEqualTo(401);
    assertThat(remote("keys", "list").out().lines().filter(l -> l.startsWith(keyId))).singleElement().asString()
        .doesNotEndWith("-");
  }

  @Test
  void listPagesOverHttpWithAfterAndSaysWhenMoreFollow() throws Exception {
    List<String> made = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) made.add(chat(null).headers().firstValue("x-apprentice-trace-id").orElseThrow());
    server.accounting().writer().flush();
    List<String> all = new java.util.ArrayList<>();
    json(remote("traces", "list", "--json")).path("data").forEach(t -> all.add(t.path("id").asText()));
    assertThat(all).containsExactlyInAnyOrderElementsOf(made);

    Cli.Run first = remote("traces", "list", "--limit", "2");
    assertThat(first.out()).contains(all.get(0), all.get(1)).doesNotContain(all.get(2));
    assertThat(first.err()).isEqualTo("more: apprentice traces list --after " + all.get(1) + " (same filters)\n");
    Cli.Run last = remote("traces", "list", "--limit", "2", "--after", all.get(1));
    assertThat(last.out()).contains(all.get(2)).doesNotContain(all.get(0), all.get(1));
    assertThat(last.err()).isEmpty();
    assertThat(json(remote("traces", "list", "--limit", "1", "--after", all.get(1), "--json")).path("has_more")
        .asBoolean()).as("a last page exactly full").isFalse();
    assertThat(remote("traces", "list", "--after", "tr_none").exit()).isEqualTo(2);
  }

  @Test
  void directAndRemoteModesPrintTheSameJson() throws Exception {
    remote("keys", "create", "--tenant", "acme", "--rpm", "100", "--budget-usd-day", "2.5");
    assertThat(chat(null).statusCode()).isEqualTo(401);
    Cli.Run second = Cli.run("keys", "create", "--tenant", "globex", "--data-dir", dataDir.toString(), "--json");
    assertThat(chat(JSON.readTree(second.out()).get("key").asText()).statusCode()).isEqualTo(200);
    server.accounting().writer().flush();

    for (List<String> command : List.of(List.of("keys", "list", "--json"), List.of("traces", "list", "--json"),
        List.of("costs", "--by", "tenant", "--json"), List.of("costs", "--by", "day", "--json"),
        List.of("costs", "--by", "key", "--json"))) {
      JsonNode overHttp = json(remote(command.toArray(String[]::new)));
      String[] direct = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--data-dir",
          dataDir.toString())).toArray(String[]::new);
      assertThat(json(Cli.run(direct))).as(String.join(" ", command)).isEqualTo(overHttp);
    }
  }

  @Test
  void aWrongAdminKeyExitsOneWithTheServersMessage() {
    Cli.Run run = Cli.run("traces", "list", "--url", url, "--admin-key", "not-the-admin-key");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("apprentice: Invalid API key: unknown or revoked; the admin API needs the admin key. (HTTP 401)");
  }

  @Test
  void aRequestTheServerRefusesAsInvalidExitsTwoWithItsMessage() {
    Cli.Run run = remote("keys", "create", "--tenant", "acme", "--models", "gpt-9");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("apprentice: unknown model 'gpt-9' (known: sim-echo, local/all-minilm-l6-v2) (HTTP 400)");
  }

  @Test
  void revokingAnUnknownKeyOrShowingAnUnknownTraceIsBadUsage() {
    Cli.Run revoke = remote("keys", "revoke", "nosuchkey");
    assertThat(revoke.exit()).isEqualTo(2);
    assertThat(revoke.err().strip()).isEqualTo("apprentice: no active key with id 'nosuchkey' (HTTP 404)");
    Cli.Run trace = remote("traces", "show", "tr_none");
    assertThat(trace.exit()).isEqualTo(2);
    assertThat(trace.err()).contains("no trace with id 'tr_none'");
  }

  @Test
  void showingTheTraceExportIsNoTraceWhetherOrNotCallsAreStoredNotTheExportReadAsOne() throws Exception {
    Cli.Run empty = remote("traces", "show", "export");
    assertThat(empty.exit()).as(empty.err()).isEqualTo(2);
    assertThat(empty.err().strip()).isEqualTo("apprentice: no trace with id 'export'");

    assertThat(chat(null).statusCode()).isEqualTo(200);
    server.accounting().writer().flush();
    Cli.Run stored = remote("traces", "show", "export");
    assertThat(stored.out()).as("not the newest call, the export's first line").isEmpty();
    assertThat(stored.exit()).isEqualTo(2);
  }

  @Test
  void tracesAreDeletedOverHttpAndTheApiRefusesADeleteWithoutACutoff() throws Exception {
    assertThat(chat(null).statusCode()).isEqualTo(200);
    server.accounting().writer().flush();

    assertThat(remote("traces", "delete", "--before", "1d").out()).startsWith("deleted 0 calls");
    JsonNode none = json(remote("traces", "delete", "--before", "2000-01-01", "--json"));
    assertThat(none.path("deleted").asLong()).isZero();
    assertThat(none.path("before").asText()).isEqualTo("2000-01-01T00:00:00Z");
    assertThat(remote("traces", "delete", "--before", "2100-01-01T00:00:00Z").out())
        .startsWith("deleted 1 call started before 2100-01-01T00:00:00Z");
    assertThat(server.store().traces().count()).isZero();

    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url + "/admin/traces"))
        .header("authorization", "Bearer " + ADMIN_KEY).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("error").path("param").asText()).isEqualTo("before");
  }

  @Test
  void listAndExportOverHttpAskTheServerForTheCallsBeforeUntil() throws Exception {
    String id = chat(null).headers().firstValue("x-apprentice-trace-id").orElseThrow();
    server.accounting().writer().flush();

    assertThat(remote("traces", "list", "--until", "1h").out().strip()).isEqualTo("no calls match");
    assertThat(remote("traces", "list", "--since", "1h", "--until", "2099-01-01T00:00:00+01:00").out()).contains(id);
    assertThat(remote("traces", "export", "--until", "1h").out()).isEmpty();
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    assertThat(json(remote("costs", "--until", today, "--json")).get("data")).isEmpty();
    assertThat(json(remote("costs", "--until", "1s", "--json")).get("data")).singleElement();
  }

  @Test
  void badOptionsAreRefusedBeforeTheServerIsAsked() {
    assertThat(remote("costs", "--since", "whenever").exit()).isEqualTo(2);
    assertThat(remote("traces", "export", "--format", "parquet").exit()).isEqualTo(2);
    Cli.Run both = remote("keys", "list", "--data-dir", dataDir.toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("leave them out with --url");
  }

  @Test
  void anExportFromAServerThatIsNotThereLeavesTheFileAtItsOutputAsItWas() throws Exception {
    server.close();
    server = null;
    Path earlier = java.nio.file.Files.writeString(dataDir.resolve("traces.jsonl"), "an earlier export\n");

    Cli.Run run = remote("traces", "export", "--output", earlier.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("apprentice: cannot reach the server at " + url);
    assertThat(earlier).hasContent("an earlier export");
  }

  @Test
  void aServerThatIsNotThereExitsOne() {
    server.close();
    server = null;
    Cli.Run run = remote("keys", "list");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("apprentice: cannot reach the server at " + url + ": connection refused");
  }
}
