package dev.apprentice.gateway.accounting;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ClosedException;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The outermost per-call step: whatever happens further in, the call ends here exactly once with its tokens and
 * cost, its end hooks run (budgets settle) and its trace goes to the sink. A stream ends when its last chunk has
 * been read, when it fails, or when it is closed early (the client left). A call cancelled because its client left
 * before the answer began ({@link Call#cancel}) ends as {@code client_disconnected} (499), charged for what an
 * upstream answered and for the prompt of the attempt it abandoned (an upstream that had the request bills it).
 */
public final class AccountingStep implements Interceptor {

  private final Accountant accountant;
  private final Predicate<String> inputProtected;

  public AccountingStep(Pricing pricing, TokenEstimator estimator, Function<String, Capture> captureOf,
      TraceSink sink) {
    this(pricing, estimator, captureOf, sink, model -> false);
  }

  /**
   * @param inputProtected true for a model whose guardrail takes private data out of requests: its calls keep no
   *                       request in their trace until the guardrail has checked it ({@link Call#inputChecked})
   */
  public AccountingStep(Pricing pricing, TokenEstimator estimator, Function<String, Capture> captureOf,
      TraceSink sink, Predicate<String> inputProtected) {
    this.accountant = new Accountant(pricing, estimator, captureOf, sink);
    this.inputProtected = inputProtected;
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    ChatRequest request = chain.request();
    if (inputProtected.test(call.model())) call.holdRequestUntilChecked();
    Outcome outcome;
    try {
      outcome = chain.proceed(request);
    } catch (GatewayException e) {
      throw failed(call, request, e);
    } catch (RuntimeException | Error e) {
      // what a step needed was closed as the server shuts down (ClosedException): the documented 503, not a defect
      if (ClosedException.within(e) instanceof ClosedException closed) throw failed(call, request, closed.refusal());
      // an Error too (out of memory, a stack overflow): else the call's budget reservation stays held until restart
      accountant.finish(call, request, Ending.internal(e, call.overheadNanos(System.nanoTime())));
      throw e;
    }
    long now = System.nanoTime();
    return switch (outcome) {
      case Outcome.Complete complete -> {
        Ending answered = Ending.complete(complete.response(), call.overheadNanos(now));
        // answered as the client left: the answer was paid for, though no one will read it
        accountant.finish(call, request, call.cancelled() ? answered.departed() : answered);
        yield complete;
      }
      case Outcome.Streaming streaming -> new Outcome.Streaming(streaming.first(), new AccountedStream(
          streaming.first(), streaming.rest(), accountant, call, request, call.overheadNanos(now), now));
    };
  }

  /** Ends {@code call} as failed with {@code e}, which it returns to be thrown. */
  private GatewayException failed(Call call, ChatRequest request, GatewayException e) {
    Ending failed = Ending.failed(e, call.overheadNanos(System.nanoTime()));
    // a cancelled call failed because its client left: the client saw nothing, which is what the trace says
    accountant.finish(call, request, call.cancelled() ? failed.departed() : failed);
    return e;
  }
}
