package dev.apprentice.gateway;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Watchdog;
import java.time.Duration;

/**
 * The last attempt step: calls the target's provider. For a stream it waits for the first chunk within the model's
 * time-to-first-token limit, so a slow or broken upstream still fails over before anything reached the client.
 */
final class ProviderStep implements AttemptInterceptor {

  private final Watchdog watchdog;

  ProviderStep(Watchdog watchdog) {
    this.watchdog = watchdog;
  }

  @Override
  public Outcome intercept(Chain chain) throws ProviderException {
    Call call = chain.call();
    ChatRequest request = chain.request();
    if (!request.streaming()) {
      CallContext context = new CallContext(call.traceId(), call.deadlineNanos(), call.headers(),
          call.deadlineNanos(), call.outputTokenCap());
      return new Outcome.Complete(chain.target().provider().chat(request, context));
    }
    long now = System.nanoTime();
    Duration ttft = call.route().ttftTimeout();
    long firstTokenDeadline = Math.min(call.deadlineNanos(), now + ttft.toNanos());
    // the first-token limit bounds the wait for the answer to start, never the stream once it runs
    CallContext context = new CallContext(call.traceId(), call.deadlineNanos(), call.headers(), firstTokenDeadline,
        call.outputTokenCap());
    ChunkStream stream = chain.target().provider().stream(request, context);
    Watchdog.Alarm alarm = watchdog.after(Duration.ofNanos(firstTokenDeadline - System.nanoTime()), stream::close);
    ChatChunk first;
    try {
      first = stream.next();
    } catch (ProviderException e) {
      stream.close();
      if (!alarm.cancel()) throw noFirstToken(chain, ttft);
      throw e;
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
    if (!alarm.cancel()) {
      stream.close();
      throw noFirstToken(chain, ttft);
    }
    if (first == null) {
      stream.close();
      throw new ProviderException(Kind.BAD_RESPONSE, 0, chain.target().id() + ": stream ended before its first chunk", null, null);
    }
    return new Outcome.Streaming(first, new DeadlineStream(stream, watchdog, call.deadlineNanos()));
  }

  private static ProviderException noFirstToken(Chain chain, Duration ttft) {
    return new ProviderException(Kind.TIMEOUT, 0,
        chain.target().id() + ": no first token within " + ttft.toMillis() + " ms", null, null);
  }
}
