package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.server.eval.GatewayChatClient;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** An evaluation measures the model: its calls never take an answer from the response cache. */
class EvaluationBypassesTheCacheTest {

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
      """);
  private final ApprenticeServer server = gateway.server();

  @Test
  void aRepeatedDeterministicEvaluationCallIsAskedOfTheModelAndCostsEachTime() throws Exception {
    GatewayChatClient client = new GatewayChatClient(server.gateway());
    ChatRequest request = ChatRequest.builder().model("echo")
        .messages(List.of(Message.user("classify: card not arrived"))).temperature(0.0).build();

    Completion first = client.complete(request, List.of("eval"));
    Thread.sleep(300); // longer than the cache's background refresh: a kept answer would be visible by now
    Completion second = client.complete(request, List.of("eval"));

    assertThat(first.costUsd()).isPositive();
    assertThat(second.costUsd()).isEqualTo(first.costUsd());
    assertThat(server.cache().stats().exactHits()).isZero();
  }
}
