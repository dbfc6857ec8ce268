package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.DataUrl;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A customer's e-mail address inside an attached text file never reaches the upstream on a model that redacts PII:
 * the file goes up with a placeholder, encoded as it came, and the caller's answer has the address back. Content the
 * guard cannot read (a PDF) goes through unread by default and is refused under {@code unreadable: block}.
 */
class GuardedFilesThroughServerTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String PDF = "data:application/pdf;base64,JVBERi0xLjQKJcfsj6IK";
  private static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"gpt-4o\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The customer is <EMAIL_1>.\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}";

  private final FakeUpstream upstream = new FakeUpstream();
  private final FakeUpstream claude = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-test }
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test, max_tokens_default: 1024 }
      guard: { input: { pii: redact } }
      models:
        smart: { targets: [ { provider: up, model: gpt-4o } ], retries: 0 }
        strict:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          guard: { input: { unreadable: block } }
        sonnet: { targets: [ { provider: claude, model: claude-sonnet-4-5 } ], retries: 0 }
      """.formatted(upstream.baseUrl(), claude.rootUrl())).closing(upstream, claude);

  private static String textFile(String text) {
    return "data:text/plain;charset=utf-8;base64,"
        + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> ask(String model, String fileData) {
    return gateway.http().post("/v1/chat/completions", null, """
        {"model":"%s","messages":[{"role":"user","content":[
          {"type":"text","text":"Who is the customer in this ticket?"},
          {"type":"file","file":{"filename":"ticket.txt","file_data":"%s"}}]}]}""".formatted(model, fileData));
  }

  @Test
  void anAddressInAnAttachedTextFileNeverReachesTheUpstreamAndTheCallerGetsItBack() {
    upstream.json(200, ANSWER);

    HttpResponse<String> response = ask("smart", textFile("Ticket 4471\nFrom: " + EMAIL + "\nMy parcel is late.\n"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/choices/0/message/content").asText())
        .isEqualTo("The customer is " + EMAIL + ".");
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    String sentData = sent.at("/messages/0/content/1/file/file_data").asText();
    assertThat(sentData).startsWith("data:text/plain;charset=utf-8;base64,");
    assertThat(DataUrl.parse(sentData).text()).isEqualTo("Ticket 4471\nFrom: <EMAIL_1>\nMy parcel is late.\n")
        .doesNotContain(EMAIL);
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    String traced = trace.path("request").at("/messages/0/content/1/file/file_data").asText();
    assertThat(DataUrl.parse(traced).text()).contains("<EMAIL_1>").doesNotContain(EMAIL);
  }

  @Test
  void anAnthropicTargetGetsTheFilesRedactedTextAsItsDocument() {
    claude.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"The customer is <EMAIL_1>."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":8}}""");

    HttpResponse<String> response = ask("sonnet", textFile("From: " + EMAIL));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/choices/0/message/content").asText())
        .isEqualTo("The customer is " + EMAIL + ".");
    String sent = claude.takeRequest().body();
    assertThat(sent).doesNotContain(EMAIL);
    assertThat(RawHttp.json(sent).at("/messages/0/content/1/source/data").asText()).isEqualTo("From: <EMAIL_1>");
  }

  @Test
  void underUnreadableBlockAPdfIsRefusedNamingThePartAndNothingGoesUpstream() {
    HttpResponse<String> response = ask("strict", PDF);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    JsonNode error = RawHttp.json(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("content_blocked");
    assertThat(error.path("param").asText()).isEqualTo("messages[0].content[1]");
    assertThat(error.path("message").asText()).isEqualTo("The request was blocked by a guardrail: messages[0]"
        + ".content[1] is a file of type application/pdf: content the guard cannot read (input.unreadable: block).");
    assertThat(upstream.requestCount()).isZero();
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(AdminClient.list(trace.path("guard"))).extracting(v -> v.path("scanner").asText() + ":"
        + v.path("action").asText()).containsExactly("pii:pass", "unreadable:block");
  }

  @Test
  void byDefaultAPdfGoesUpstreamUnreadAndAReadableFileIsNotRefusedUnderBlock() {
    upstream.json(200, ANSWER).json(200, ANSWER);

    HttpResponse<String> pdf = ask("smart", PDF);
    HttpResponse<String> text = ask("strict", textFile("From: " + EMAIL));

    assertThat(pdf.statusCode()).as(pdf.body()).isEqualTo(200);
    assertThat(RawHttp.json(upstream.takeRequest().body()).at("/messages/0/content/1/file/file_data").asText())
        .isEqualTo(PDF);
    assertThat(text.statusCode()).as(text.body()).isEqualTo(200);
    String sentText = RawHttp.json(upstream.takeRequest().body()).at("/messages/0/content/1/file/file_data").asText();
    assertThat(DataUrl.parse(sentText).text()).isEqualTo("From: <EMAIL_1>");
  }
}
