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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code prompts} and {@code datasets} commands with {@code --url}, against a real server with the simulator. */
class PromptsAndDatasetsOverHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_KEY = "test-admin-key";

  @TempDir
  Path dir;

  private ApprenticeServer server;
  private String url;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void startServer() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.resolve("data").toString());
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

  private JsonNode chat(String body) throws Exception {
    return chat(body, null);
  }

  /** A chat call whose {@code x-apprentice-tags} header is {@code tags} (null: none). */
  private JsonNode chat(String body, String tags) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (tags != null) request.header("x-apprentice-tags", tags);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void aPromptIsPushedLabelledCalledAndItsCallsBecomeADataset() throws Exception {
    Path prompt = Files.writeString(dir.resolve("triage.yaml"), """
        model: sim-echo
        messages:
          - { role: system, content: "Triage for {{product}}." }
          - { role: user, content: "Ticket: {{ticket}}" }
        """);
    Cli.Run pushed = remote("prompts", "push", "triage", "--file", prompt.toString());
    assertThat(pushed.exit()).as(pushed.err()).isZero();
    assertThat(pushed.out()).startsWith("pushed triage@1");
    assertThat(remote("prompts", "label", "triage", "1", "production").out()).isEqualTo("production -> triage@1 (new)\n");
    assertThat(remote("prompts", "show", "triage@production").out()).contains("prompt      triage@1", "Ticket: {{ticket}}");
    assertThat(remote("prompts", "list").out()).containsPattern("triage\\s+1\\s+sim-echo\\s+production=1");

    JsonNode answer = chat("{\"model\":\"prompt:triage\",\"variables\":{\"product\":\"Acme\",\"ticket\":\"refund please\"}}");
    assertThat(answer.path("choices").path(0).path("message").path("content").asText()).isEqualTo("Ticket: refund please");
    chat("{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"no prompt\"}]}");
    server.accounting().writer().flush();

    assertThat(remote("traces", "list", "--prompt", "triage").out().lines().count()).isEqualTo(2);
    assertThat(remote("traces", "show", JSON.readTree(remote("traces", "list", "--prompt", "triage@1", "--json").out())
        .path("data").get(0).path("id").asText()).out()).contains("prompt", "triage@1");

    Cli.Run made = remote("datasets", "from-traces", "tickets", "--prompt", "triage");
    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out()).startsWith("made tickets@1 with 1 item from 1 matching call\n");
    String exported = remote("datasets", "export", "tickets").out();
    assertThat(exported).contains("\"expected\":\"Ticket: refund please\"", "\"prompt\":\"triage@1\"",
        "\"variables\":{\"product\":\"Acme\",\"ticket\":\"refund please\"}");
  }

  @Test
  void aDatasetFromTracesOverHttpLeavesOutAnEvaluationsCallsAndTheTagsItIsToldTo() throws Exception {
    String ask = "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
    chat(ask.formatted("where is my refund?"), "support");
    chat(ask.formatted("card lost?"), "eval,ev-1,baseline");
    chat(ask.formatted("pin?"), "eval,ev-1,candidate");
    chat(ask.formatted("ping"), "smoke");
    server.accounting().writer().flush();

    Cli.Run made = remote("datasets", "from-traces", "tickets", "--exclude-tag", "smoke");
    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out()).startsWith("made tickets@1 with 1 item from 1 matching call\n").endsWith("\nleft out calls"
        + " tagged eval or smoke (eval: an evaluation's own calls; --include-eval-calls takes them)\n");
    assertThat(remote("datasets", "export", "tickets").out()).contains("where is my refund?")
        .doesNotContain("card lost?", "pin?", "ping");
    assertThat(remote("datasets", "list").out()).contains("traces exclude_tag=eval exclude_tag=smoke");
    Cli.Run all = remote("datasets", "from-traces", "tickets", "--include-eval-calls");
    assertThat(all.out()).startsWith("made tickets@2 with 4 items from 4 matching calls\n").doesNotContain("left out");

    assertThat(JSON.readTree(remote("traces", "list", "--exclude-tag", "eval", "--exclude-tag", "smoke", "--json").out())
        .path("data")).singleElement().satisfies(t -> assertThat(t.path("tags").toString()).isEqualTo("[\"support\"]"));
    assertThat(remote("traces", "export", "--exclude-tag", "support", "--exclude-tag", "eval").out().lines())
        .singleElement().asString().contains("\"smoke\"");
  }

  @Test
  void aFileIsImportedShownAndExportedOverHttp() throws Exception {
    Path csv = Files.writeString(dir.resolve("intents.csv"), "text,label\n\"lost my card, help\",lost_card\nhi,greeting\n");
    Cli.Run imported = remote("datasets", "import", "intents", "--file", csv.toString(), "--input-column", "text",
        "--expected-column", "label");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).isEqualTo("imported 2 items as intents@1 (import intents.csv (csv, input=text, expected=label))\n");
    assertThat(remote("datasets", "show", "intents", "--limit", "1").out()).contains("dataset   intents@1", "versions  1 (2)")
        .containsPattern("0\\s+lost my card, help\\s+lost_card");
    assertThat(remote("datasets", "export", "intents@1").out().lines().toList()).containsExactly(
        "{\"input\":\"lost my card, help\",\"expected\":\"lost_card\",\"metadata\":{}}",
        "{\"input\":\"hi\",\"expected\":\"greeting\",\"metadata\":{}}");

    Path bad = Files.writeString(dir.resolve("bad.csv"), "text,label\nok,x\n,y\n");
    Cli.Run refused = remote("datasets", "import", "intents", "--file", bad.toString(), "--input-column", "text");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo("apprentice: bad.csv line 3: the 'text' cell is empty (HTTP 400); nothing was imported\n");
    assertThat(remote("datasets", "list").out()).containsPattern("intents\\s+1\\s+2");
    assertThat(remote("datasets", "show", "intents@4").err()).contains("has no version 4 (the latest is 1)");

    Cli.Run appended = remote("datasets", "import", "intents", "--file", csv.toString(), "--input-column", "text",
        "--expected-column", "label", "--append");
    assertThat(appended.out()).as(appended.err()).isEqualTo("imported 2 items as intents@2, which holds 4 with those it kept"
        + " (import intents.csv (csv, input=text, expected=label, appended))\n");
  }
}
