package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link Simulation.Script} played as chunks: the role, one piece per token (or a tool call's head and arguments),
 * the finish reason, then usage when asked for. Pauses wake up at once when the stream is closed.
 */
final class SimulatedStream implements ChunkStream {

  private static final ChatChunk.Delta ROLE = new ChatChunk.Delta("assistant", "", null, null, null);

  private final SimulatorProvider provider;
  private final Simulation.Script script;
  private final SimulatorProvider.Sleeper sleeper;
  private final long created = System.currentTimeMillis() / 1000;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final int pieces;
  private volatile boolean closed;
  private int step;
  private ProviderException failure;

  SimulatedStream(SimulatorProvider provider, Simulation.Script script, SimulatorProvider.Sleeper sleeper) {
    this.provider = provider;
    this.script = script;
    this.sleeper = sleeper;
    this.pieces = script.pieces();
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (step > pieces + 2) return null;
    if (failure != null) throw failure;
    if (closed) throw cancelled(null);
    try {
      return advance();
    } catch (ProviderException e) {
      failure = e;
      throw e;
    }
  }

  /** With no token pace, every chunk after the first is there at once. */
  @Override
  public boolean ready() {
    return !closed && step > 0 && script.perToken().isZero();
  }

  private ChatChunk advance() throws ProviderException {
    int at = step;
    if (at == 0) {
      pause(script.ttft());
      if (script.fault() == Simulation.Fault.MALFORMED_JSON) throw provider.failure(script.fault(), script);
      step++;
      return chunk(ROLE, null);
    }
    boolean truncated = script.fault() == Simulation.Fault.TRUNCATED_STREAM;
    if (truncated && at > script.truncatedAfter()) throw provider.failure(script.fault(), script);
    if (at <= pieces) {
      if (at > 1) pause(script.perToken());
      step++;
      return chunk(piece(at - 1), null);
    }
    step++;
    if (at == pieces + 1) return chunk(new ChatChunk.Delta(null, null, null, null, null), script.finishReason());
    if (script.includeUsage()) {
      return new ChatChunk(script.responseId(), ChatChunk.OBJECT, created, script.model(), List.of(), script.usage(),
          SimulatorProvider.FINGERPRINT, null);
    }
    return null;
  }

  private ChatChunk.Delta piece(int index) {
    ToolCall call = script.toolCall();
    if (call == null) return ChatChunk.Delta.text(script.tokens().get(index));
    ToolCall part = index == 0
        ? new ToolCall(0, call.id(), call.type(), new ToolCall.FunctionCall(call.function().name(), ""))
        : new ToolCall(0, null, null, new ToolCall.FunctionCall(null, call.function().arguments()));
    return new ChatChunk.Delta(null, null, List.of(part), null, null);
  }

  /** One chunk with the same delta for each of the answer's choices ({@code n}). */
  private ChatChunk chunk(ChatChunk.Delta delta, String finishReason) {
    List<ChatChunk.Choice> choices = script.choices() == 1 ? List.of(new ChatChunk.Choice(0, delta, finishReason, null))
        : java.util.stream.IntStream.range(0, script.choices())
            .mapToObj(i -> new ChatChunk.Choice(i, delta, finishReason, null)).toList();
    return new ChatChunk(script.responseId(), ChatChunk.OBJECT, created, script.model(), choices, null,
        SimulatorProvider.FINGERPRINT, null);
  }

  private void pause(Duration duration) throws ProviderException {
    if (duration.isZero()) return;
    try {
      sleeper.sleep(duration, closing);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled(e);
    }
    if (closed) throw cancelled(null);
  }

  private ProviderException cancelled(Throwable cause) {
    return new ProviderException(ProviderException.Kind.CANCELLED, 0, provider.name() + ": stream closed", null,
        cause);
  }

  @Override
  public void close() {
    closed = true;
    closing.countDown();
  }
}
