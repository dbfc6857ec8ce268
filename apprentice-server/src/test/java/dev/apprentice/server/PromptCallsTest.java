package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.server.PromptTestServer.answer;
import static dev.apprentice.server.PromptTestServer.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat completions with {@code "model": "prompt:NAME@ref"} and {@code variables}, end to end through the simulator. */
class PromptCallsTest {

  private PromptTestServer s;

  @BeforeEach
  void start() {
    s = new PromptTestServer();
    s.push("""
        {"name": "triage", "model": "alpha", "labels": ["production"], "parameters": {"max_tokens": 50, "temperature": 0.1},
         "messages": [{"role": "system", "content": "You triage tickets for {{product}}."},
                      {"role": "user", "content": "v1 ticket: {{ticket}}"}]}""", 201);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private HttpResponse<String> call(String model, String extra) {
    return s.chat("{\"model\":\"" + model + "\",\"variables\":{\"product\":\"Acme\",\"ticket\":\"refund please\"}"
        + extra + "}");
  }

  @Test
  void aPromptCallIsRenderedRoutedToThePromptsModelAndTracedAsNameAtVersion() {
    HttpResponse<String> response = call("prompt:triage", "");

    assertThat(answer(response)).isEqualTo("v1 ticket: refund please");
    JsonNode trace = s.admin.trace(traceId(response));
    assertThat(trace.path("model").asText()).isEqualTo("alpha");
    assertThat(trace.path("prompt").asText()).isEqualTo("triage@1");
    JsonNode request = trace.path("request");
    assertThat(request.path("model").asText()).isEqualTo("alpha");
    assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("You triage tickets for Acme.");
    assertThat(request.path("max_tokens").asInt()).isEqualTo(50);
    assertThat(request.path("variables").path("ticket").asText()).isEqualTo("refund please");

    assertThat(s.admin.traces("prompt=triage")).extracting(t -> t.path("id").asText()).containsExactly(traceId(response));
    assertThat(s.admin.traces("prompt=triage%401")).hasSize(1);
    assertThat(s.admin.traces("prompt=triage%402")).isEmpty();
  }

  @Test
  void labelsChooseTheVersionAndANumberPinsOne() {
    s.push("""
        {"name": "triage", "model": "beta",
         "messages": [{"role": "system", "content": "You triage tickets for {{product}}."},
                      {"role": "user", "content": "v2 ticket: {{ticket}}"}]}""", 201);

    assertThat(answer(call("prompt:triage", ""))).startsWith("v1");
    assertThat(answer(call("prompt:triage@production", ""))).startsWith("v1");
    assertThat(answer(call("prompt:triage@latest", ""))).startsWith("v2");
    HttpResponse<String> pinned = call("prompt:triage@2", "");
    assertThat(answer(pinned)).startsWith("v2");
    assertThat(s.admin.trace(traceId(pinned)).path("model").asText()).isEqualTo("beta");

    assertThat(s.put("/admin/prompts/triage/labels/production", "{\"version\":2}").statusCode()).isEqualTo(200);

    HttpResponse<String> moved = call("prompt:triage", "");
    assertThat(answer(moved)).startsWith("v2");
    assertThat(s.admin.trace(traceId(moved)).path("prompt").asText()).isEqualTo("triage@2");
  }

  @Test
  void theCallersMessagesComeAfterTheRenderedOnesAndItsParametersWin() {
    HttpResponse<String> response = call("prompt:triage",
        ",\"max_tokens\":7,\"messages\":[{\"role\":\"assistant\",\"content\":\"billing\"},{\"role\":\"user\",\"content\":\"are you sure?\"}]");

    assertThat(answer(response)).isEqualTo("are you sure?");
    JsonNode request = s.admin.trace(traceId(response)).path("request");
    assertThat(request.path("messages")).hasSize(4);
    assertThat(request.path("max_tokens").asInt()).isEqualTo(7);
    assertThat(request.path("temperature").asDouble()).isEqualTo(0.1);
  }

  @Test
  void aStreamedPromptCallStreamsTheRenderedAnswer() {
    HttpResponse<String> response = call("prompt:triage@1", ",\"stream\":true");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("v1 ticket: refund please");
    assertThat(s.admin.trace(traceId(response)).path("prompt").asText()).isEqualTo("triage@1");
  }

  @Test
  void unknownPromptsVersionsAndLabelsAre404ModelNotFound() {
    JsonNode error = assertError(call("prompt:nope", ""), 404, "invalid_request_error", "model_not_found", "model");
    assertThat(error.path("message").asText()).contains("no prompt named 'nope'");
    assertThat(assertError(call("prompt:triage@9", ""), 404, "invalid_request_error", "model_not_found", "model")
        .path("message").asText()).contains("has no version 9 (the latest is 1)");
    assertThat(assertError(call("prompt:triage@staging", ""), 404, "invalid_request_error", "model_not_found", "model")
        .path("message").asText()).contains("has no label 'staging' (labels: production -> 1)");
    assertError(call("prompt:Triage@", ""), 400, "invalid_request_error", null, "model");
  }

  @Test
  void badVariablesAre400sNamingTheVariable() {
    assertThat(assertError(s.chat("{\"model\":\"prompt:triage\",\"variables\":{\"product\":\"Acme\"}}"), 400,
        "invalid_request_error", null, "variables.ticket").path("message").asText())
        .contains("variables.ticket is missing");
    assertError(s.chat("{\"model\":\"prompt:triage\",\"variables\":{\"product\":\"Acme\",\"ticket\":\"x\",\"tikcet\":\"x\"}}"),
        400, "invalid_request_error", null, "variables.tikcet");
    assertError(s.chat("{\"model\":\"prompt:triage\",\"variables\":{\"product\":\"Acme\",\"ticket\":null}}"), 400,
        "invalid_request_error", null, "variables.ticket");
    assertError(s.chat("{\"model\":\"prompt:triage\",\"variables\":[1]}"), 400, "invalid_request_error", null, "variables");
    assertError(s.chat("{\"model\":\"prompt:triage\"}"), 400, "invalid_request_error", null, "variables.product");
  }

  @Test
  void aCallRefusedForItsVariablesIsTracedAsOneThatRanWithItsPromptAndItsPromptsModel() {
    HttpResponse<String> missing = s.chat("{\"model\":\"prompt:triage\",\"variables\":{\"product\":\"Acme\"}}");
    assertError(missing, 400, "invalid_request_error", null, "variables.ticket");
    HttpResponse<String> ran = call("prompt:triage", "");

    JsonNode trace = s.admin.trace(traceId(missing));
    assertThat(trace.path("prompt").asText()).isEqualTo("triage@1");
    assertThat(trace.path("model").asText()).isEqualTo("alpha");
    // the prompt filter and the model filter list the same calls
    assertThat(s.admin.traces("prompt=triage")).extracting(t -> t.path("id").asText())
        .containsExactlyInAnyOrder(traceId(missing), traceId(ran));
    assertThat(s.admin.traces("model=alpha")).extracting(t -> t.path("id").asText())
        .containsExactlyInAnyOrder(traceId(missing), traceId(ran));
  }

  @Test
  void aPromptThatCannotBeResolvedOrNamesNoModelIsTracedUnderTheModelTheClientSent() {
    HttpResponse<String> unknown = call("prompt:nope", "");
    assertThat(s.admin.trace(traceId(unknown)).has("prompt")).isFalse();
    assertThat(s.admin.trace(traceId(unknown)).path("model").asText()).isEqualTo("prompt:nope");
    HttpResponse<String> noVersion = call("prompt:triage@9", "");
    assertThat(s.admin.trace(traceId(noVersion)).path("model").asText()).isEqualTo("prompt:triage@9");

    s.push("{\"name\":\"draft\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 201);
    JsonNode draft = s.admin.trace(traceId(s.chat("{\"model\":\"prompt:draft\"}")));
    assertThat(draft.path("prompt").asText()).isEqualTo("draft@1");
    assertThat(draft.path("model").asText()).isEqualTo("prompt:draft");
  }

  @Test
  void aNonTextVariableIsInsertedAsJsonAndAPromptWithoutAModelCannotBeCalled() {
    s.push("{\"name\":\"echo\",\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"items: {{items}}\"}]}", 201);
    assertThat(answer(s.chat("{\"model\":\"prompt:echo\",\"variables\":{\"items\":[1,\"two\",{\"n\":3}]}}")))
        .isEqualTo("items: [1,\"two\",{\"n\":3}]");

    s.push("{\"name\":\"draft\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 201);
    assertThat(assertError(s.chat("{\"model\":\"prompt:draft\"}"), 400, "invalid_request_error", null, "model")
        .path("message").asText()).contains("draft@1 names no model");
  }
}
