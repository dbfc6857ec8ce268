package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.access.Caller;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.server.eval.GatewayChatClient;
import dev.apprentice.server.http.ServerJson;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-process evaluation client calls registered prompts as {@code POST /v1/chat/completions} does. */
class EvaluationPromptCallsTest {

  private final PromptTestServer s = new PromptTestServer();
  private final GatewayChatClient client = new GatewayChatClient(s.server.gateway(), Caller.ANONYMOUS,
      s.server.prompts());

  @AfterEach
  void stop() {
    s.close();
  }

  private static ChatRequest request(String model) throws Exception {
    return ServerJson.MAPPER.readValue("{\"model\":\"" + model + "\",\"messages\":[],"
        + "\"variables\":{\"product\":\"Acme\",\"ticket\":\"refund please\"}}", ChatRequest.class);
  }

  @Test
  void aPromptModelIsRenderedWithItsVariablesRoutedToItsModelAndTracedWithItsVersion() throws Exception {
    s.push("""
        {"name": "triage", "model": "alpha", "labels": ["production"],
         "messages": [{"role": "system", "content": "You triage tickets for {{product}}."},
                      {"role": "user", "content": "ticket: {{ticket}}"}]}""", 201);

    Completion answer = client.complete(request("prompt:triage@production"), List.of("eval", "ev-1", "v"));

    assertThat(answer.text()).isEqualTo("ticket: refund please");
    s.server.accounting().writer().flush();
    var trace = s.admin.trace(answer.traceId());
    assertThat(trace.path("model").asText()).isEqualTo("alpha");
    assertThat(trace.path("prompt").asText()).isEqualTo("triage@1");
    assertThat(trace.path("request").path("variables").path("ticket").asText()).isEqualTo("refund please");
  }

  @Test
  void aPromptTheRegistryDoesNotHaveFailsTheCallWithoutNamingATrace() throws Exception {
    ChatFailure failure = catchThrowableOfType(ChatFailure.class,
        () -> client.complete(request("prompt:nope"), List.of("eval")));

    assertThat(failure.code()).isEqualTo("model_not_found");
    assertThat(failure.getMessage()).contains("no prompt named 'nope'");
    assertThat(failure.traceId()).isNull();
  }
}
