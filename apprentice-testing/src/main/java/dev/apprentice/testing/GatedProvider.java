package dev.apprentice.testing;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.Usage;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A provider whose calls wait at a gate until the test opens it, then all answer {@code reply} with a fixed usage:
 * a test can hold calls in flight (their limits reserved) while it moves a clock. Non-streamed calls only.
 */
public final class GatedProvider implements ChatProvider, AutoCloseable {

  private static final long SAFETY_SECONDS = 30;

  private final String name;
  private final String reply;
  private final Usage usage;
  private final Semaphore arrived = new Semaphore(0);
  private final CountDownLatch gate = new CountDownLatch(1);

  public GatedProvider(String name, String reply, int promptTokens, int completionTokens) {
    this.name = name;
    this.reply = reply;
    this.usage = Usage.of(promptTokens, completionTokens);
  }

  /** Waits until {@code calls} more calls have reached the provider (so their limits are reserved). */
  public void awaitArrivals(int calls) throws InterruptedException {
    if (!arrived.tryAcquire(calls, SAFETY_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError(calls + " calls did not reach " + name);
    }
  }

  /** Lets every waiting call, and every later one, answer. */
  public void open() {
    gate.countDown();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "gated";
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(false, false, false, false);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
    arrived.release();
    try {
      if (!gate.await(SAFETY_SECONDS, TimeUnit.SECONDS)) {
        throw new ProviderException(Kind.TIMEOUT, 0, name + ": the gate stayed shut");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Kind.CANCELLED, 0, name + ": interrupted");
    }
    return new ChatResponse("gated-1", "chat.completion", 0L, request.model(),
        List.of(new ChatResponse.Choice(0, Message.assistant(reply), "stop", null)), usage, null, null);
  }

  @Override
  public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
    throw new ProviderException(Kind.INVALID_REQUEST, 400, name + ": streams are not gated", null, null);
  }

  @Override
  public void close() {
    open();
  }
}
