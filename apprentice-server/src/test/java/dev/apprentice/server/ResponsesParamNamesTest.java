package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A chat check that refuses a Responses call names the field the Responses client sent ({@code input[i].call_id}),
 * never the chat request's ({@code messages[j].tool_call_id}) it was translated into; the server goes on serving.
 */
class ResponsesParamNamesTest {

  private final FakeUpstream claude = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
        smart: { targets: [ { provider: claude, model: claude-sonnet-4-5 } ], retries: 0 }
      """.formatted(claude.rootUrl())).closing(claude);

  private HttpResponse<String> respond(String json) {
    return gateway.http().post("/v1/responses", null, json);
  }

  @Test
  void aBlankCallIdOfAFunctionCallOutputIsNamedAsTheInputItemsCallId() {
    HttpResponse<String> response = respond("""
        {"model":"echo","instructions":"Be brief.","input":[
          {"role":"user","content":"Weather?"},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
          {"type":"function_call_output","call_id":" ","output":"21"}]}""");

    JsonNode error = assertError(response, 400, "invalid_request_error", null, "input[2].call_id");
    assertThat(error.path("message").asText()).contains("'input[2].call_id'").doesNotContain("messages");
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("error_message").asText()).contains("'input[2].call_id'");
  }

  @Test
  void aFunctionCallOutputAnsweringNoCallIsNamedByItsItemWhenTheTargetRefusesIt() {
    HttpResponse<String> response = respond("""
        {"model":"smart","input":[
          {"role":"user","content":"Weather?"},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
          {"type":"function_call_output","call_id":"c9","output":"21"}]}""");

    JsonNode error = assertError(response, 400, "invalid_request_error", null, "input[2].call_id");
    assertThat(error.path("message").asText()).contains("c9");
    assertThat(claude.requestCount()).isZero();
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("error_message").asText()).as("traced with the chat request it ran")
        .contains("c9");
    assertThat(trace.at("/request/messages/2/tool_call_id").asText()).isEqualTo("c9");
  }

  @Test
  void aFieldOfTheSameNameKeepsItAndTheNextCallIsServed() {
    assertError(respond("{\"model\":\"echo\",\"input\":\"Hi\",\"temperature\":3}"), 400, "invalid_request_error", null,
        "temperature");

    HttpResponse<String> next = respond("{\"model\":\"echo\",\"input\":\"Hi\"}");
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
  }
}
