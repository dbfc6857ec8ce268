package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A dataset built from the traces of a model whose guard redacts its input holds what those traces hold, the
 * placeholders, and never the values the caller sent: not in the input, not in the expected answer (the caller got
 * the values back, the trace did not), not in the prompt variables, streamed or not.
 */
class DatasetsFromRedactedTracesTest {

  private static final String ADMIN_KEY = "admin-key-for-redacted-dataset-tests";
  private static final String EMAIL = "jane.doe@example.com";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        guarded:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { input: { pii: redact } }
      """, ADMIN_KEY, Clock.systemUTC());

  @Test
  void itemsFromRedactedPromptCallsHoldThePlaceholdersAndNeverTheCallersValues() {
    KeyedHttp http = gateway.http();
    HttpResponse<String> pushed = http.post("/admin/prompts", ADMIN_KEY, """
        {"name":"support","model":"guarded","messages":[{"role":"user","content":"Reply to {{email}} about: {{ticket}}"}]}""");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    String call = "{\"model\":\"prompt:support\",%s\"variables\":{\"email\":\"" + EMAIL + "\",\"ticket\":\"charged twice\"}}";

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, call.formatted(""));
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(answered.body()).as("the caller gets the value back").contains(EMAIL);
    HttpResponse<String> streamed = http.post("/v1/chat/completions", null, call.formatted("\"stream\":true,"));
    assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
    assertThat(streamed.body()).contains("jane.doe@");
    gateway.admin().flush();

    HttpResponse<String> made = http.post("/admin/datasets/support/from-traces", ADMIN_KEY, "{\"prompt\":\"support\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(RawHttp.json(made.body()).path("items").asInt()).isEqualTo(2);

    String exported = http.get("/admin/datasets/support/versions/1/export", ADMIN_KEY).body();
    assertThat(exported).doesNotContain("jane.doe").contains("<EMAIL_1>");
    for (String line : exported.lines().toList()) {
      JsonNode row = RawHttp.json(line);
      assertThat(row.path("input").get(0).path("content").asText()).isEqualTo("Reply to <EMAIL_1> about: charged twice");
      assertThat(row.path("expected").asText()).as(line).contains("<EMAIL_1>");
      assertThat(row.path("metadata").path("prompt").asText()).isEqualTo("support@1");
      assertThat(row.path("metadata").has("variables")).as(line).isFalse();
    }
  }
}
