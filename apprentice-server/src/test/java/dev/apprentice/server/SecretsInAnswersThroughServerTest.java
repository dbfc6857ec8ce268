package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code guard.output.secrets} over HTTP: a key in the answer the caller did not send is refused (422, or the error
 * event that ends a stream) or replaced, with its verdict in the trace and in {@code /metrics}.
 */
class SecretsInAnswersThroughServerTest {

  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      guarded:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
        guard: { output: { pii: flag, secrets: block } }
      masked:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { output: { secrets: redact } }
      """);
  private final ApprenticeServer server = gateway.server();
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void anAnswerWithAKeyIsRefusedWith422AndCountedAsAnOutputBlockOfTheSecretsScanner() {
    upstream.then(reply("Use " + KEY + " for the API."));

    HttpResponse<String> response = http.chat(null, "guarded", "How do I call the API?");

    JsonNode error = assertError(response, 422, "invalid_request_error", "content_blocked", null);
    assertThat(error.path("message").asText())
        .isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(AdminClient.list(trace.path("guard"))).extracting(v -> v.path("direction").asText() + ":"
        + v.path("scanner").asText() + ":" + v.path("action").asText())
        .containsExactly("output:pii:pass", "output:secrets:block");
    String metrics = new RawHttp(server).get("/metrics").body();
    assertThat(metrics).contains(
        "apprentice_guard_verdicts_total{action=\"block\",api=\"chat_completions\",direction=\"output\",model=\"guarded\",scanner=\"secrets\"} 1.0",
        "apprentice_guard_verdicts_total{action=\"pass\",api=\"chat_completions\",direction=\"output\",model=\"guarded\",scanner=\"pii\"} 1.0",
        "apprentice_guard_scan_duration_seconds_count{direction=\"output\",scanner=\"secrets\"} 1");
    assertThat(List.of(metrics.split("\n"))).noneMatch(line -> line.contains(KEY));
  }

  @Test
  void aShortStreamedAnswerWithAKeyIsRefusedWithThe422OfAnAnswerNotStreamed() throws Exception {
    upstream.then(streamReply("Use sk-" + "proj-4155", "552671abcdefGHIJKLmnop1234", " for the API."));

    HttpResponse<String> response = http.post("/v1/chat/completions", null,
        "{\"model\":\"guarded\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"the key?\"}]}");

    assertThat(response.statusCode()).as("the key was refused while all of the text was held").isEqualTo(422);
    assertThat(response.body()).doesNotContain("data:");
    JsonNode error = RawHttp.JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("content_blocked");
    assertThat(error.path("message").asText()).contains("scanner 'secrets' found 1 SECRET").doesNotContain(KEY);
  }

  @Test
  void aRedactedKeyReachesTheCallerAndTheTraceAsAPlaceholder() {
    upstream.then(reply("Use " + KEY + " for the API."));

    HttpResponse<String> response = http.chat(null, "masked", "How do I call the API?");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Use <SECRET_1> for the API.").doesNotContain(KEY);
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.toString()).doesNotContain(KEY);
    assertThat(trace.path("guard").path(0).path("findings").path("SECRET").asInt()).isEqualTo(1);
  }
}
