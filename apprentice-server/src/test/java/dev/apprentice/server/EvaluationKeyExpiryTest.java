package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.server.eval.GatewayChatClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An in-process evaluation run made as a client key stops being answered once the key expires, as the key's HTTP
 * calls are (a run may last longer than the key): each call is refused 401 {@code invalid_api_key}, saying so.
 */
class EvaluationKeyExpiryTest {

  private static final Instant EXPIRES = Instant.parse("2026-06-01T00:00:00Z");
  private static final ChatRequest REQUEST = ChatRequest.builder().model("echo")
      .messages(List.of(Message.user("hello"))).build();

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo:
          targets: [ { provider: sim, model: sim-echo } ]
      """);

  private final Caller caller = Caller.of(new ApiKey("key1", ApiKey.Role.CLIENT, "acme", "ci", "hash", Set.of(),
      Limits.NONE, EXPIRES.minusSeconds(3600), null, EXPIRES), Limits.NONE);

  @Test
  void aCallMadeAsAKeyThatHasExpiredIsRefusedAsItsHttpCallsAre() {
    GatewayChatClient client = new GatewayChatClient(gateway.server().gateway(), caller, null,
        Clock.fixed(EXPIRES, ZoneOffset.UTC));

    ChatFailure refused = catchThrowableOfType(ChatFailure.class, () -> client.complete(REQUEST, List.of("eval")));

    assertThat(refused.code()).isEqualTo("invalid_api_key");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.getMessage()).contains("key1").contains("expired");
  }

  @Test
  void aCallMadeAsAKeyBeforeItExpiresIsAnswered() {
    GatewayChatClient client = new GatewayChatClient(gateway.server().gateway(), caller, null,
        Clock.fixed(EXPIRES.minusSeconds(1), ZoneOffset.UTC));

    assertThat(client.complete(REQUEST, List.of("eval")).text()).isNotNull();
  }
}
