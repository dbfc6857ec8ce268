package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.streamingRequest;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.routing.Target;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream cut at the call's deadline is told as that cut however it was noticed: by the gateway's alarm closing the
 * upstream, or first by the provider, whose body reads fail as a timeout once the deadline passed (the HTTP
 * providers' answers are read so), the alarm not having run yet.
 */
class StreamDeadlineCutTest {

  private Gateway gateway;

  @AfterEach
  void closeGateway() {
    if (gateway != null) gateway.close();
  }

  /**
   * One chunk, then a read that fails as the HTTP providers' reads do once the call's deadline passed: at once,
   * without waiting for the gateway to close the stream.
   */
  private static final class ReadsUntilTheDeadline implements ChatProvider {
    @Override
    public String name() {
      return "bounded";
    }

    @Override
    public String type() {
      return "openai";
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) {
      throw new UnsupportedOperationException("streams only");
    }

    @Override
    public ChunkStream stream(ChatRequest request, CallContext context) {
      return new ChunkStream() {
        private boolean first = true;

        @Override
        public ChatChunk next() throws ProviderException {
          if (first) {
            first = false;
            return textChunk("c0");
          }
          long deadline = context.deadlineNanos();
          LockSupport.parkNanos(deadline - System.nanoTime() - 2_000_000);
          while (System.nanoTime() - deadline < 0) Thread.onSpinWait();
          throw new ProviderException(Kind.TIMEOUT, 0, "bounded: its HTTP 200 answer did not arrive whole in time "
              + "(its time ran out while the body was still arriving)", null, null);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public Capabilities capabilities() {
      return new Capabilities(true, true, true, false);
    }
  }

  @Test
  void aStreamWhoseProviderNoticesTheDeadlineBeforeTheAlarmIsCutAsTheDeadlineCutsEveryStream() throws Exception {
    TestRoutes route = route("smart", new Target(new ReadsUntilTheDeadline(), "m", 1))
        .timeout(Duration.ofMillis(600));
    gateway = Gateway.builder().model(route.build()).build();
    ChatRequest request = streamingRequest("smart");
    Call call = gateway.open(request, "trace", Map.of());
    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);

    assertThat(streaming.first().choices().getFirst().delta().content()).isEqualTo("c0");
    assertThatThrownBy(() -> streaming.rest().next()).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
      assertThat(e.getMessage()).isEqualTo("the call's deadline passed mid-stream");
    });
  }
}
