package dev.apprentice.gateway.accounting;

import static dev.apprentice.testing.FakeProvider.hang;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.AttemptInterceptor;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call whose client went away before its answer began ({@link Call#cancel}): the attempt in flight is abandoned,
 * no retry or fallback follows, and the trace says {@code client_disconnected} (499) with the attempts made.
 */
class CancelledCallsTest {

  private static final PriceSettings PRICE = new PriceSettings(2.0, 10.0, null, null, null);
  /** Bounds a wait for something that must happen: it only ever fails a broken gateway. */
  private static final long PATIENCE_MS = 20_000;

  private final FakeProvider first = new FakeProvider("first");
  private final FakeProvider second = new FakeProvider("second");
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private Gateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) gateway.close();
    first.close();
    second.close();
  }

  private Gateway gateway(AttemptInterceptor... attemptSteps) {
    // retries and a second target: a call that went on after its client left would show in either
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(),
        List.of(new Target(first, "gpt-4o", 1), new Target(second, "claude-sonnet", 1)), 2, Duration.ofSeconds(60),
        Duration.ofSeconds(60), Duration.ofMillis(1), new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Gateway.Builder builder = Gateway.builder()
        .interceptor(new AccountingStep(new Pricing(PriceTable.builtIn(), Map.of("smart", PRICE)),
            new TokenEstimator(), model -> Capture.METADATA_ONLY, traces::add))
        .model(route);
    for (AttemptInterceptor step : attemptSteps) builder.attemptInterceptor(step);
    gateway = builder.build();
    return gateway;
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("smart").messages(List.of(Message.user("what is the capital of France")))
        .build();
  }

  private static void awaitCalls(FakeProvider provider, int calls) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
    while (provider.calls() < calls) {
      if (System.nanoTime() > until) throw new AssertionError(provider + " was not called " + calls + " times");
      Thread.sleep(5);
    }
  }

  @Test
  void aCallCancelledWhileItsAttemptWaitsAbandonsThatAttemptTriesNoOtherTargetAndBooksItsPrompt() throws Exception {
    gateway();
    first.byDefault(hang()); // fails as a timeout when interrupted: retriable, and a fallback would follow
    second.byDefault(reply("Paris"));
    ChatRequest request = request();
    Call call = gateway.open(request, "tr_gone", Map.of(), System.nanoTime(), Caller.ANONYMOUS);
    CompletableFuture<Outcome> running = CompletableFuture.supplyAsync(() -> gateway.execute(call, request),
        command -> Thread.ofVirtual().start(command));
    awaitCalls(first, 1);

    call.cancel();

    assertThatThrownBy(() -> running.get(PATIENCE_MS, TimeUnit.MILLISECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(GatewayException.class);
    assertThat(first.calls()).as("no retry").isEqualTo(1);
    assertThat(second.calls()).as("no fallback").isZero();
    assertThat(traces).singleElement().satisfies(trace -> {
      assertThat(trace.status()).isEqualTo(499);
      assertThat(trace.errorCode()).isEqualTo("client_disconnected");
      // the upstream had the request: its prompt is booked, estimated, at the target's input price ($2 per million)
      int prompt = new TokenEstimator().countPrompt(request, "gpt-4o");
      assertThat(trace.costUsd()).isCloseTo(prompt * 2.0e-6, within(1e-12));
      assertThat(trace.usageEstimated()).isTrue();
      assertThat(trace.attempts()).singleElement().satisfies(attempt -> {
        assertThat(attempt.provider()).isEqualTo("first");
        assertThat(attempt.outcome()).isEqualTo("cancelled");
        assertThat(attempt.costEstimated()).isTrue();
        assertThat(attempt.inputTokens()).isEqualTo(prompt);
      });
    });
  }

  @Test
  void aCallCancelledBeforeItsTargetsAreTriedAsksNoUpstreamAndRecordsNoAttempt() {
    gateway();
    second.byDefault(reply("Paris"));
    first.byDefault(reply("Paris"));
    ChatRequest request = request();
    Call call = gateway.open(request, "tr_early", Map.of(), System.nanoTime(), Caller.ANONYMOUS);
    call.cancel();

    assertThatThrownBy(() -> gateway.execute(call, request)).isInstanceOf(GatewayException.class);

    assertThat(first.calls() + second.calls()).isZero();
    assertThat(traces).singleElement().satisfies(trace -> {
      assertThat(trace.status()).isEqualTo(499);
      assertThat(trace.errorCode()).isEqualTo("client_disconnected");
      assertThat(trace.attempts()).isEmpty();
    });
  }

  @Test
  void anAnswerThatArrivesAsItsClientLeavesIsChargedAndTheServingThreadIsNotLeftInterrupted() {
    // the client leaves just as the answer comes: the cancel interrupts the thread still inside the tries
    gateway(chain -> {
      Outcome answered = chain.proceed(chain.request());
      chain.call().cancel();
      return answered;
    });
    first.byDefault(reply("Paris is the capital of France"));
    ChatRequest request = request();
    Call call = gateway.open(request, "tr_late", Map.of(), System.nanoTime(), Caller.ANONYMOUS);

    Outcome outcome = gateway.execute(call, request);

    assertThat(outcome).isInstanceOf(Outcome.Complete.class);
    assertThat(Thread.currentThread().isInterrupted()).as("the interrupt was for the attempt only").isFalse();
    assertThat(traces).singleElement().satisfies(trace -> {
      assertThat(trace.status()).isEqualTo(499);
      assertThat(trace.errorCode()).isEqualTo("client_disconnected");
      assertThat(trace.costUsd()).as("the upstream answered: it was paid for").isPositive();
      assertThat(trace.attempts()).singleElement().satisfies(attempt -> assertThat(attempt.succeeded()).isTrue());
    });
  }
}
