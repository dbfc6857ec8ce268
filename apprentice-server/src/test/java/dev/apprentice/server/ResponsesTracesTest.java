package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A call's trace names the wire API it came through ({@code api}): {@code responses} for {@code /v1/responses},
 * {@code chat_completions} for {@code /v1/chat/completions}; both are chat operations, and traces filter by it.
 */
class ResponsesTracesTest {

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """);

  private static String traceId(HttpResponse<String> response) {
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }

  @Test
  void aResponsesCallsTraceSaysItCameThroughResponsesAndAChatCallsThroughChatCompletions() {
    HttpResponse<String> responses = gateway.http().post("/v1/responses", null, "{\"model\":\"echo\",\"input\":\"Hi\"}");
    HttpResponse<String> chat = gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(responses.statusCode()).as(responses.body()).isEqualTo(200);
    assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    JsonNode trace = gateway.admin().trace(traceId(responses));
    assertThat(trace.path("api").asText()).isEqualTo("responses");
    assertThat(trace.path("operation").asText()).isEqualTo("chat");
    assertThat(gateway.admin().trace(traceId(chat)).path("api").asText()).isEqualTo("chat_completions");
  }

  @Test
  void theApiFilterListsOnlyTheCallsOfThatApi() {
    String responses = traceId(gateway.http().post("/v1/responses", null, "{\"model\":\"echo\",\"input\":\"Hi\"}"));
    String chat = traceId(gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

    assertThat(gateway.admin().traces("api=responses")).extracting(t -> t.path("id").asText()).containsExactly(responses);
    assertThat(gateway.admin().traces("api=chat_completions")).extracting(t -> t.path("id").asText())
        .containsExactly(chat);
    assertThat(gateway.admin().traces("operation=chat")).hasSize(2);
    assertError(gateway.admin().get("/admin/traces?api=completions"), 400, "invalid_request_error", null, "api");
  }

  @Test
  void aResponsesRequestRefusedBeforeItBecameACallIsTracedAsAResponsesOne() {
    HttpResponse<String> refused = gateway.http().post("/v1/responses", null, "{\"model\":\"echo\",\"input\":42}");

    assertError(refused, 400, "invalid_request_error", null, "input");
    assertThat(gateway.admin().trace(traceId(refused)).path("api").asText()).isEqualTo("responses");
    HttpResponse<String> unknown = gateway.http().post("/v1/responses", null, "{\"model\":\"nope\",\"input\":\"Hi\"}");
    assertError(unknown, 404, "invalid_request_error", "model_not_found", "model");
    assertThat(gateway.admin().trace(traceId(unknown)).path("api").asText()).isEqualTo("responses");
  }
}
