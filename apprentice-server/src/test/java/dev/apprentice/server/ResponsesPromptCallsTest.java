package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.server.PromptTestServer.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registered prompts through {@code /v1/responses}: as on chat completions ({@code "model": "prompt:NAME@ref"} and
 * {@code variables}, the input after the prompt's messages), or by the Responses API's {@code prompt} object.
 */
class ResponsesPromptCallsTest {

  private static final String VARIABLES = "{\"product\":\"Acme\",\"ticket\":\"refund please\"}";

  private PromptTestServer s;

  @BeforeEach
  void start() {
    s = new PromptTestServer();
    s.push("""
        {"name": "triage", "model": "alpha", "labels": ["production"], "parameters": {"temperature": 0.1},
         "messages": [{"role": "system", "content": "You triage tickets for {{product}}."},
                      {"role": "user", "content": "v1 ticket: {{ticket}}"}]}""", 201);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private HttpResponse<String> respond(String json) {
    return s.http.post("/v1/responses", null, json);
  }

  private static String text(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("object").asText()).isEqualTo("response");
    return body.at("/output/0/content/0/text").asText();
  }

  @Test
  void aPromptModelRendersThePromptWithTheVariablesAndTheInputFollowsIt() {
    HttpResponse<String> response = respond("{\"model\":\"prompt:triage\",\"variables\":" + VARIABLES
        + ",\"input\":[{\"role\":\"assistant\",\"content\":\"billing\"},{\"role\":\"user\",\"content\":\"sure?\"}]}");

    assertThat(text(response)).isEqualTo("sure?");
    JsonNode trace = s.admin.trace(traceId(response));
    assertThat(trace.path("model").asText()).isEqualTo("alpha");
    assertThat(trace.path("prompt").asText()).isEqualTo("triage@1");
    assertThat(trace.path("api").asText()).isEqualTo("responses");
    JsonNode request = trace.path("request");
    assertThat(request.path("messages")).hasSize(4);
    assertThat(request.at("/messages/0/content").asText()).isEqualTo("You triage tickets for Acme.");
    assertThat(request.path("temperature").asDouble()).isEqualTo(0.1);
    assertThat(request.at("/variables/ticket").asText()).isEqualTo("refund please");
  }

  @Test
  void aPromptCallNeedsNoInputOfItsOwn() {
    HttpResponse<String> response = respond("{\"model\":\"prompt:triage@1\",\"variables\":" + VARIABLES + "}");

    assertThat(text(response)).isEqualTo("v1 ticket: refund please");
  }

  @Test
  void thePromptObjectCallsTheRegisteredPromptItsIdAndVersionName() {
    s.push("""
        {"name": "triage", "model": "beta",
         "messages": [{"role": "user", "content": "v2 ticket: {{ticket}} for {{product}}"}]}""", 201);

    HttpResponse<String> production = respond("{\"prompt\":{\"id\":\"triage\",\"variables\":{\"product\":\"Acme\","
        + "\"ticket\":{\"type\":\"input_text\",\"text\":\"refund please\"}}}}");
    HttpResponse<String> latest = respond("{\"prompt\":{\"id\":\"triage\",\"version\":\"2\",\"variables\":"
        + VARIABLES + "}}");

    assertThat(text(production)).isEqualTo("v1 ticket: refund please");
    assertThat(RawHttp.json(production.body()).at("/prompt/id").asText()).isEqualTo("triage");
    assertThat(text(latest)).isEqualTo("v2 ticket: refund please for Acme");
    JsonNode trace = s.admin.trace(traceId(latest));
    assertThat(trace.path("prompt").asText()).isEqualTo("triage@2");
    assertThat(trace.path("model").asText()).isEqualTo("beta");
  }

  @Test
  void aStreamedPromptCallStreamsTheRenderedAnswerAsResponsesEvents() {
    HttpResponse<String> response = respond("{\"prompt\":{\"id\":\"triage\",\"variables\":" + VARIABLES
        + "},\"stream\":true}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("event: response.completed").contains("v1 ticket: refund please");
    assertThat(s.admin.trace(traceId(response)).path("prompt").asText()).isEqualTo("triage@1");
  }

  @Test
  void theResponseEchoesThePromptsParametersWhereTheRequestLeftThemUnsetAndTheCallersOwnInstructionsOnly() {
    s.push("""
        {"name": "short", "model": "alpha", "parameters": {"temperature": 0.2, "max_tokens": 20, "top_p": 0.9},
         "messages": [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "{{q}}"}]}""", 201);

    JsonNode answered = RawHttp.json(respond("{\"model\":\"prompt:short\",\"variables\":{\"q\":\"hi\"}}").body());
    assertThat(answered.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(answered.path("max_output_tokens").asInt()).isEqualTo(20);
    assertThat(answered.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(answered.path("instructions").isNull()).isTrue();

    JsonNode own = RawHttp.json(respond("{\"prompt\":{\"id\":\"short\",\"variables\":{\"q\":\"hi\"}},"
        + "\"temperature\":0.7,\"instructions\":\"Be kind.\"}").body());
    assertThat(own.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(own.path("max_output_tokens").asInt()).isEqualTo(20);
    assertThat(own.path("instructions").asText()).isEqualTo("Be kind.");

    String streamed = respond("{\"model\":\"prompt:short\",\"variables\":{\"q\":\"hi\"},\"stream\":true}").body();
    assertThat(streamed).contains("event: response.completed").contains("\"max_output_tokens\":20")
        .contains("\"temperature\":0.2").doesNotContain("\"max_output_tokens\":null");
  }

  @Test
  void thePromptObjectsMistakesAreNamedByItsOwnFields() {
    JsonNode unknown = assertError(respond("{\"prompt\":{\"id\":\"nope\"}}"), 404, "invalid_request_error",
        "model_not_found", "prompt.id");
    assertThat(unknown.path("message").asText()).contains("no prompt named 'nope'");
    assertThat(assertError(respond("{\"prompt\":{\"id\":\"triage\",\"variables\":{\"product\":\"Acme\"}}}"), 400,
        "invalid_request_error", null, "prompt.variables.ticket").path("message").asText())
        .startsWith("prompt.variables.ticket is missing");
    assertError(respond("{\"prompt\":{\"id\":\"triage\",\"version\":\"9\",\"variables\":" + VARIABLES + "}}"), 404,
        "invalid_request_error", "model_not_found", "prompt.id");
    assertError(respond("{\"prompt\":{\"id\":\"triage\",\"version\":\"Prod!\"}}"), 400, "invalid_request_error", null,
        "prompt.version");
    assertError(respond("{\"prompt\":{\"id\":\"Triage Bot\"}}"), 400, "invalid_request_error", null, "prompt.id");
    assertError(respond("{\"prompt\":{}}"), 400, "invalid_request_error", null, "prompt.id");
    assertError(respond("{\"prompt\":\"triage\"}"), 400, "invalid_request_error", null, "prompt");
    assertError(respond("{\"model\":\"alpha\",\"prompt\":{\"id\":\"triage\"}}"), 400, "invalid_request_error", null,
        "model");
    assertError(respond("{\"prompt\":{\"id\":\"triage\"},\"variables\":" + VARIABLES + "}"), 400,
        "invalid_request_error", null, "variables");
    assertError(respond("{\"prompt\":{\"id\":\"triage\",\"variables\":{\"product\":\"Acme\",\"ticket\":"
        + "{\"type\":\"input_image\",\"image_url\":\"https://x/a.png\"}}}}"), 400, "invalid_request_error", null,
        "prompt.variables.ticket");
  }

  @Test
  void aPromptModelsMistakesKeepTheNamesTheClientSent() {
    assertError(respond("{\"model\":\"prompt:triage\",\"variables\":{\"product\":\"Acme\"}}"), 400,
        "invalid_request_error", null, "variables.ticket");
    assertError(respond("{\"model\":\"prompt:nope\",\"input\":\"Hi\"}"), 404, "invalid_request_error",
        "model_not_found", "model");
    HttpResponse<String> next = respond("{\"model\":\"alpha\",\"input\":\"still serving\"}");
    assertThat(text(next)).isEqualTo("still serving");
  }

  @Test
  void aPromptObjectRefusedForItsVariablesIsTracedWithItsPromptAndItsPromptsModel() {
    HttpResponse<String> missing = respond("{\"prompt\":{\"id\":\"triage\",\"variables\":{\"product\":\"Acme\"}}}");
    assertError(missing, 400, "invalid_request_error", null, "prompt.variables.ticket");

    JsonNode trace = s.admin.trace(traceId(missing));
    assertThat(trace.path("prompt").asText()).isEqualTo("triage@1");
    assertThat(trace.path("model").asText()).isEqualTo("alpha");
    assertThat(trace.path("api").asText()).isEqualTo("responses");
  }
}
