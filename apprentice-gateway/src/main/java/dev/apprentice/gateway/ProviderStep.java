package dev.apprentice.gateway;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Cutoff;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Watchdog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The last attempt step: calls the target's provider within the try's deadline ({@link AttemptLimit}). For a stream it
 * waits for the first token (the first chunk that carries output) until then, the model's time-to-first-token limit,
 * so a slow or broken upstream still fails over before anything reached the client; content-free chunks before it
 * are held back and handed over first. A whole answer must have arrived by then. Either way the watchdog cuts the
 * attempt off at that deadline ({@link Cutoff}): what the provider is reading then (a body that stalls or trickles,
 * an error's body or a whole JSON answer to a stream request too) ends there, as a timeout. A call that holds its
 * opening past the first token ({@link Call#holdOpening}) has it read on here too, after the first-token limit, until
 * the call's deadline: a failure meanwhile is the attempt's ({@link BrokenOpening}), so it is retried or failed over
 * as one before the first token is, nothing having reached the client. Every answer and stream gets an id on each tool
 * call that came without one here ({@link ToolCallIds}), before any other step reads it.
 */
final class ProviderStep implements AttemptInterceptor {

  /**
   * The most content-free chunks held back while waiting for the first token; past that the stream is committed as
   * it is, so an upstream that keeps sending empty chunks cannot fill memory.
   */
  static final int MAX_HELD = 64;

  private final Watchdog watchdog;

  ProviderStep(Watchdog watchdog) {
    this.watchdog = watchdog;
  }

  @Override
  public Outcome intercept(Chain chain) throws ProviderException {
    Call call = chain.call();
    ChatRequest request = chain.request();
    long attemptDeadline = chain.attemptDeadlineNanos();
    if (!request.streaming()) {
      // a whole answer must arrive within the try's limit, so that a target that never answers leaves the next one
      // time: a read of it that stalls is cut there, not left to the socket's read timeout
      return watchdog.cuttingOff(attemptDeadline, cutoff -> new Outcome.Complete(ToolCallIds.named(
          chain.target().provider().chat(request, new CallContext(call.traceId(), attemptDeadline, call.headers(),
              attemptDeadline, call.outputTokenCap(), chain.upstreamStatus(), cutoff)))));
    }
    Cutoff cutoff = new Cutoff();
    long firstTokenDeadline = attemptDeadline;
    // the first-token limit bounds everything before the first token, what the provider reads before it hands over
    // the stream included (an error's body, a whole JSON answer), never the stream once it runs
    CallContext context = new CallContext(call.traceId(), call.deadlineNanos(), call.headers(), firstTokenDeadline,
        call.outputTokenCap(), chain.upstreamStatus(), cutoff);
    Watchdog.Alarm alarm = watchdog.after(Duration.ofNanos(firstTokenDeadline - System.nanoTime()), cutoff::cut);
    ChunkStream stream;
    try {
      stream = new NamedCallsStream(chain.target().provider().stream(request, context));
    } catch (ProviderException e) {
      if (!alarm.cancel()) throw noFirstToken(chain, firstTokenDeadline);
      throw e;
    } catch (RuntimeException | Error e) {
      alarm.cancel();
      throw e;
    }
    cutoff.guard(stream::close);
    List<HeldOpening.Held> held = new ArrayList<>(2);
    ChatChunk chunk;
    try {
      // chunks without output (an empty role chunk, prompt filter results) do not start the answer: hold them back,
      // the first-token limit still running, so that a failure or stall after them still fails over
      while ((chunk = stream.next()) != null && !chunk.carriesOutput() && held.size() < MAX_HELD) {
        held.add(new HeldOpening.Held(chunk, stream.lastChunkJson()));
      }
    } catch (ProviderException e) {
      stream.close();
      if (!alarm.cancel()) throw noFirstToken(chain, firstTokenDeadline);
      throw e;
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
    if (!alarm.cancel()) {
      stream.close();
      throw noFirstToken(chain, firstTokenDeadline);
    }
    if (chunk == null) {
      stream.close();
      String what = held.isEmpty() ? "its first chunk" : "its first token";
      throw new ProviderException(Kind.BAD_RESPONSE, 0, chain.target().id() + ": stream ended before " + what, null, null);
    }
    DeadlineStream rest = new DeadlineStream(stream, watchdog, call, chain.target());
    OpeningHold hold = call.openingHold();
    if (hold == null && held.isEmpty()) return new Outcome.Streaming(chunk, rest);
    held.add(new HeldOpening.Held(chunk, stream.lastChunkJson()));
    if (hold == null) return new Outcome.Streaming(held.getFirst().chunk(), new HeldOpening(held, rest));
    return readOn(hold, held, stream, rest, chain);
  }

  /**
   * The opening read on as {@code hold} asks, from the upstream's {@code stream} itself, the call's deadline running
   * ({@code rest}'s alarm): a failure meanwhile, the deadline passing, or the client leaving before the stream ended
   * (however the hold noticed it), fails the attempt with what the upstream had sent, the stream closed. The time it takes is the call's upstream time, as a stream's reads are, but not the
   * attempt's latency, which ends at the first token as every stream's does ({@link HeldOpening#heldNanos}).
   */
  private static Outcome readOn(OpeningHold hold, List<HeldOpening.Held> held, ChunkStream stream, DeadlineStream rest,
      Chain chain) throws ProviderException {
    OpeningReading reading = new OpeningReading(held, stream);
    ProviderException failure = null;
    long from = System.nanoTime();
    try {
      hold.readOn(held.getFirst().chunk(), reading);
    } catch (ProviderException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      rest.close();
      throw e;
    }
    long heldNanos = System.nanoTime() - from;
    Call call = chain.call();
    call.recordStreamRead(heldNanos);
    if (failure == null && !reading.ended() && call.cancelled()) {
      // the client left while the opening was held, noticed between reads rather than by cutting one short: the
      // attempt is abandoned all the same, as when its read fails for the interrupt
      failure = call.cancellation().abandoned(chain.target(), null);
    }
    // a stream closed by the deadline's alarm may end as if it were whole: it was cut short all the same
    if (failure == null && !(reading.ended() && rest.expired())) {
      return new Outcome.Streaming(held.getFirst().chunk(), new HeldOpening(held, rest, reading.ended(), heldNanos));
    }
    rest.close();
    if (rest.expiredBy(failure)) {
      failure = new ProviderException(Kind.TIMEOUT, 0,
          chain.target().id() + ": the call's deadline passed while its stream's opening was held", null, failure);
    }
    throw new BrokenOpening(failure, reading.assembled(), heldNanos);
  }

  /**
   * The try's wait for its first token ran out: its first-token limit, or the call's deadline when that came first
   * (said so: the upstream was cut short, not given its whole limit).
   */
  private static ProviderException noFirstToken(Chain chain, long firstTokenDeadline) {
    Call call = chain.call();
    String why = firstTokenDeadline == call.deadlineNanos()
        ? "before the call's deadline (timeout_ms " + call.route().timeout().toMillis() + ")"
        : "within " + call.route().ttftTimeout().toMillis() + " ms";
    return new ProviderException(Kind.TIMEOUT, 0, chain.target().id() + ": no first token " + why, null, null);
  }
}
