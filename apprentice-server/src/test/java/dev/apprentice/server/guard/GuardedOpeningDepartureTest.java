package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.askStreaming;
import static dev.apprentice.testing.FakeProvider.roleChunk;
import static dev.apprentice.testing.FakeProvider.streamChunks;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Call;
import dev.apprentice.testing.FakeProvider;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves while a refusing guard holds a stream's opening inside its attempt ({@link GuardedOpening}):
 * however the departure is noticed, by a read it cuts short or between two reads, the attempt is abandoned, the call
 * is traced as the client leaving, and what the upstream sent is booked once.
 */
class GuardedOpeningDepartureTest {

  private final AtomicReference<Call> call = new AtomicReference<>();

  @Test
  void aClientThatLeavesBetweenTwoReadsOfTheHeldOpeningAbandonsTheAttemptAndIsTracedAsGone() {
    ChatRequest request = askStreaming("Which key do I use?");
    // the client leaves just after the upstream's second chunk arrived, before the guard asks for the third
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: block }\n",
        upstream -> new LeavingAfter(upstream, 2, () -> call.get().cancel()))) {
      gateway.upstream.then(streamChunks(roleChunk(), textChunk("Use the key "), textChunk("from the vault. "),
          FakeProvider.chunk(ChatChunk.Delta.text(null), "stop")));
      call.set(gateway.open(request));

      assertThatThrownBy(() -> gateway.execute(call.get(), request)).isInstanceOf(GatewayException.class);

      assertThat(gateway.upstream.calls()).as("no retry").isEqualTo(1);
      assertThat(gateway.upstream.closes()).isEqualTo(1);
      TraceRecord trace = gateway.lastTrace();
      assertThat(gateway.traces).hasSize(1);
      assertThat(trace.status()).isEqualTo(499);
      assertThat(trace.errorCode()).isEqualTo("client_disconnected");
      assertThat(trace.attempts()).singleElement().satisfies(attempt -> {
        assertThat(attempt.outcome()).isEqualTo("cancelled");
        assertThat(attempt.outputTokens()).as("booked at what the upstream had sent").isPositive();
        assertThat(trace.tokens().output()).as("and that once").isEqualTo(attempt.outputTokens());
      });
    }
  }

  /** Its upstream, whose streams cancel the call once they have given {@code chunks} chunks, on the reading thread. */
  private record LeavingAfter(ChatProvider upstream, int chunks, Runnable leave) implements ChatProvider {

    @Override
    public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
      ChunkStream stream = upstream.stream(request, context);
      return new ChunkStream() {
        private int given;

        @Override
        public ChatChunk next() throws ProviderException {
          ChatChunk chunk = stream.next();
          if (++given == chunks) leave.run();
          return chunk;
        }

        @Override
        public byte[] lastChunkJson() {
          return stream.lastChunkJson();
        }

        @Override
        public boolean ready() {
          return stream.ready();
        }

        @Override
        public void close() {
          stream.close();
        }
      };
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
      return upstream.chat(request, context);
    }

    @Override
    public String name() {
      return upstream.name();
    }

    @Override
    public String type() {
      return upstream.type();
    }

    @Override
    public Capabilities capabilities() {
      return upstream.capabilities();
    }
  }
}
