package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A Responses client's errors name what it sent, in its message as in its {@code param}: the input items a guardrail
 * refused, every one of them, and the output limit a budget asks it to lower, never only the chat request's names.
 */
class ResponsesErrorsNameTheFieldsSentTest {

  private static final String PDF = "data:application/pdf;base64,JVBERi0xLjQKJcfsj6IK";
  private static final String PNG = "data:image/png;base64,iVBORw0KGgo=";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        strict:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { input: { pii: redact, unreadable: block } }
        priced:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 0, output_per_mtok: 1000 }
      """, Gateways.ADMIN_KEY, Clock.systemUTC());

  @Test
  void aGuardrailsRefusalOfSeveralPartsNamesEachAsTheInputItemPartItIs() {
    HttpResponse<String> response = gateway.http().post("/v1/responses", null, """
        {"model":"strict","instructions":"Summarise.","input":[{"role":"user","content":[
          {"type":"input_text","text":"What do these say?"},
          {"type":"input_file","filename":"a.pdf","file_data":"%s"},
          {"type":"input_image","image_url":"%s"}]}]}""".formatted(PDF, PNG));

    JsonNode error = assertError(response, 422, "invalid_request_error", "content_blocked", "input[0].content[1]");
    assertThat(error.path("message").asText())
        .contains("input[0].content[1] is a file of type application/pdf")
        .contains("input[0].content[2] is an image sent as data")
        .doesNotContain("messages[");
  }

  @Test
  void aCallThatCouldNeverFitItsBudgetIsToldToLowerMaxOutputTokens() {
    String key = gateway.admin().newKey(
        "{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true,\"budget_usd_per_day\":0.05}");

    HttpResponse<String> response = gateway.http().post("/v1/responses", key,
        "{\"model\":\"priced\",\"max_output_tokens\":100000,\"input\":\"Hi\"}");

    JsonNode error = assertError(response, 400, "invalid_request_error", "request_over_budget", null);
    assertThat(error.path("message").asText()).contains("max_output_tokens");
  }
}
