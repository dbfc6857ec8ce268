package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Every field of a chat request that can carry a caller's value reaches neither an OpenAI-type upstream nor the trace
 * unredacted: values split across text parts, image URLs, refusal parts, file names, stop strings, metadata.
 */
class GuardedRequestFieldsThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-request-field-tests";
  private static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Noted <EMAIL_1>.\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-test }
      guard: { input: { pii: redact, secrets: redact } }
      models:
        smart:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
      """.formatted(upstream.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(upstream);

  @Test
  void valuesInPartsUrlsRefusalsFileNamesStopStringsAndMetadataAreRedactedOnTheWayUp() {
    upstream.json(200, ANSWER);

    HttpResponse<String> response = new RawHttp(gateway.server()).post("/v1/chat/completions", """
        {"model":"smart","stop":["gina@x.org"],"metadata":{"who":"gina@x.org"},
         "messages":[{"role":"user","content":[
           {"type":"text","text":"mail jane.doe@"},{"type":"text","text":"example.com card 4111 1111"},
           {"type":"text","text":" 1111 1111"},
           {"type":"image_url","image_url":{"url":"https://img.example.com/?email=gina@x.org&card=4111111111111111"}},
           {"type":"file","file":{"filename":"notes (gina@x.org).txt","file_data":"data:text/plain;base64,aGk="}}]},
          {"role":"assistant","content":[{"type":"refusal","refusal":"I will not mail gina@x.org"}]},
          {"role":"user","content":"please do"}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/choices/0/message/content").asText())
        .isEqualTo("Noted jane.doe@example.com.");
    String sent = upstream.takeRequest().body();
    assertThat(sent).doesNotContain("jane.doe@").doesNotContain("gina@x.org").doesNotContain("4111")
        .contains("\"text\":\"mail <EMAIL_1>\"").contains("?email=<EMAIL_2>&card=<CREDIT_CARD_2>")
        .contains("\"filename\":\"notes (<EMAIL_2>).txt\"").contains("\"stop\":[\"<EMAIL_2>\"]")
        .contains("\"file_data\":\"data:text/plain;base64,aGk=\"");
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("request").toString()).doesNotContain("gina@x.org").doesNotContain("jane.doe@")
        .doesNotContain("4111");
    assertThat(AdminClient.list(trace.path("guard"))).extracting(v -> v.path("scanner").asText() + ":"
        + v.path("action").asText()).containsExactly("pii:redact", "secrets:pass");
  }
}
