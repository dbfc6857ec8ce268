package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.server.eval.GatewayChatClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An in-process evaluation call refused for its tenant's rate limit carries the wait the gateway asks for, as an HTTP
 * caller's {@code Retry-After} does, so that the runner can wait it before it makes the call again.
 */
class EvaluationRateLimitRefusalTest {

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo:
          targets: [ { provider: sim, model: sim-echo } ]
      """);

  @Test
  void aCallOverTheTenantsRequestsPerMinuteIsRefusedWithTheWaitTheGatewayAsksFor() {
    Caller oneAMinute = new Caller(null, "acme", new Limits(1, null, null, null));
    GatewayChatClient client = new GatewayChatClient(gateway.server().gateway(), oneAMinute, null);
    ChatRequest request = ChatRequest.builder().model("echo").messages(List.of(Message.user("hello"))).build();
    client.complete(request, List.of("eval"));

    ChatFailure refused = catchThrowableOfType(ChatFailure.class, () -> client.complete(request, List.of("eval")));

    assertThat(refused.code()).isEqualTo("rate_limit_exceeded");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
  }
}
