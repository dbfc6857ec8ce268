package dev.apprentice.gateway.accounting;

import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.failBeforeSending;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamChunks;
import static dev.apprentice.testing.FakeProvider.streamStallAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.limits.BudgetLedger;
import dev.apprentice.gateway.limits.LimitsStep;
import dev.apprentice.gateway.limits.RateLimiter;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An attempt that brings no usable answer although its request was sent (given up at a time limit, abandoned by a
 * client that left, an answer that could not be read) is booked for its prompt, counted locally at its target's input
 * price, and marked estimated; an error answer from the upstream, or a request never sent, costs nothing.
 */
class GivenUpAttemptsCostTest {

  /** $2 per million input tokens, $10 per million output tokens. */
  private static final PriceSettings PRICE = new PriceSettings(2.0, 10.0, null, null, null);
  private static final double INPUT_USD = 2.0e-6;
  private static final double OUTPUT_USD = 10.0e-6;
  private static final double CENT_FRACTION = 1e-12;

  private final FakeProvider first = new FakeProvider("first");
  private final FakeProvider second = new FakeProvider("second");
  private final TokenEstimator estimator = new TokenEstimator();
  private final Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of("smart", PRICE));
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private Gateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) gateway.close();
    first.close();
    second.close();
  }

  /** Two targets, no retries: a given-up first attempt falls over to the second at once. */
  private ModelRoute route(Breakers.Policy breaker) {
    return new ModelRoute("smart", new FallbackRouter(),
        List.of(new Target(first, "gpt-4o", 1), new Target(second, "claude-sonnet", 1)), 0, Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofMillis(1), breaker);
  }

  private Gateway gateway(Breakers.Policy breaker, Interceptor... inner) {
    ModelRoute route = route(breaker);
    Gateway.Builder builder = Gateway.builder()
        .interceptor(new AccountingStep(pricing, estimator, model -> Capture.METADATA_ONLY, traces::add));
    for (Interceptor step : inner) builder.interceptor(step);
    gateway = builder.model(route).build();
    return gateway;
  }

  private static final Breakers.Policy CLOSED = new Breakers.Policy(50, 100, Duration.ofSeconds(30));

  private Gateway gateway(Interceptor... inner) {
    return gateway(CLOSED, inner);
  }

  private static ChatRequest request(boolean stream) {
    return ChatRequest.builder().model("smart").messages(List.of(Message.user("what is the capital of France")))
        .stream(stream).maxTokens(1).build();
  }

  private Call open(ChatRequest request, Caller caller) {
    return gateway.open(request, "tr_given_up", Map.of(), System.nanoTime(), caller);
  }

  /** The prompt as a given-up attempt on {@code upstreamModel} is booked for: counted as the budget counts it. */
  private int prompt(ChatRequest request, String upstreamModel) {
    return estimator.countPrompt(request, upstreamModel);
  }

  @Test
  void aFirstTargetGivenUpAfterItsRequestWasSentIsBookedForItsPromptBesideTheFallbackThatAnswered() {
    gateway();
    first.then(fail(Kind.TIMEOUT));
    second.then(reply("Paris"));
    ChatRequest request = request(false);
    Call call = open(request, Caller.ANONYMOUS);

    assertThat(gateway.execute(call, request)).isInstanceOf(Outcome.Complete.class);

    int promptOnFirst = prompt(request, "gpt-4o");
    TraceRecord trace = traces.getFirst();
    AttemptRecord givenUp = trace.attempts().get(0);
    assertThat(givenUp.outcome()).isEqualTo("timeout");
    assertThat(givenUp.costEstimated()).isTrue();
    assertThat(givenUp.inputTokens()).isEqualTo(promptOnFirst);
    assertThat(givenUp.outputTokens()).isZero();
    assertThat(givenUp.costUsd()).isCloseTo(promptOnFirst * INPUT_USD, within(CENT_FRACTION));
    AttemptRecord answered = trace.attempts().get(1);
    assertThat(answered.outcome()).isEqualTo("ok");
    assertThat(answered.costEstimated()).as("the answer's usage was reported").isFalse();
    // the fake reports a prompt of 1 + its words (7) and an answer of 1 token
    assertThat(answered.inputTokens()).isEqualTo(7);
    assertThat(answered.costUsd()).isCloseTo(7 * INPUT_USD + OUTPUT_USD, within(CENT_FRACTION));
    assertThat(trace.costUsd()).isCloseTo(givenUp.costUsd() + answered.costUsd(), within(CENT_FRACTION));
    assertThat(trace.tokens().input()).isEqualTo(promptOnFirst + 7);
    assertThat(trace.usageEstimated()).as("part of the call was counted locally").isTrue();
    assertThat(call.ended().costUsd()).as("what budgets settle with").isEqualTo(trace.costUsd());
  }

  @Test
  void aStreamThatEndsBeforeItsFirstChunkIsBookedForItsPromptBesideTheFallbacksStream() throws Exception {
    gateway();
    first.then(streamChunks()); // an answer that began and ended without a chunk: unreadable, yet processed
    second.then(reply("Paris"));
    ChatRequest request = request(true);
    Call call = open(request, Caller.ANONYMOUS);

    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
    try (var rest = streaming.rest()) {
      while (rest.next() != null) {
        // read to the end
      }
    }

    int promptOnFirst = prompt(request, "gpt-4o");
    TraceRecord trace = traces.getFirst();
    assertThat(trace.attempts()).extracting(AttemptRecord::outcome).containsExactly("bad_response", "ok");
    AttemptRecord givenUp = trace.attempts().getFirst();
    assertThat(givenUp.costEstimated()).isTrue();
    assertThat(givenUp.costUsd()).isCloseTo(promptOnFirst * INPUT_USD, within(CENT_FRACTION));
    assertThat(trace.costUsd()).isCloseTo(givenUp.costUsd() + trace.attempts().get(1).costUsd(),
        within(CENT_FRACTION));
    assertThat(trace.attempts().get(1).costUsd()).isPositive();
  }

  @Test
  void aClientThatLeavesMidStreamIsBookedForThePromptAndTheTextAlreadyRelayed() throws Exception {
    gateway();
    first.then(streamStallAfter(2)); // "c0", "c1", then silence until the stream is closed
    ChatRequest request = request(true);
    Call call = open(request, Caller.ANONYMOUS);

    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
    assertThat(streaming.rest().next()).isNotNull();
    streaming.rest().close(); // the client went away

    int prompt = estimator.countPrompt(request);
    int relayed = estimator.countText("c0c1");
    TraceRecord trace = traces.getFirst();
    assertThat(trace.status()).isEqualTo(499);
    assertThat(trace.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.outcome()).isEqualTo("ok");
      assertThat(attempt.costEstimated()).isTrue();
      assertThat(attempt.inputTokens()).isEqualTo(prompt);
      assertThat(attempt.outputTokens()).isEqualTo(relayed);
      assertThat(attempt.costUsd()).isCloseTo(prompt * INPUT_USD + relayed * OUTPUT_USD, within(CENT_FRACTION));
    });
    assertThat(trace.costUsd()).isCloseTo(prompt * INPUT_USD + relayed * OUTPUT_USD, within(CENT_FRACTION));
    assertThat(trace.usageEstimated()).isTrue();
  }

  @Test
  void aStreamCutShortIsBookedForThePromptTheUpstreamWasSentNotTheOneTheClientSent() throws Exception {
    // a step between the accounting and the routing rewrites the request, as retrieval adds its context
    String context = "Passages: " + "the capital of France is Paris and has been for a long time. ".repeat(20);
    gateway(chain -> chain.proceed(chain.request().withMessages(java.util.stream.Stream.concat(
        java.util.stream.Stream.of(Message.system(context)), chain.request().messages().stream()).toList())));
    first.then(streamStallAfter(2));
    ChatRequest request = request(true);
    Call call = open(request, Caller.ANONYMOUS);

    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
    assertThat(streaming.rest().next()).isNotNull();
    streaming.rest().close();

    int sentPrompt = estimator.countPrompt(call.sentBy(0));
    assertThat(sentPrompt).isGreaterThan(estimator.countPrompt(request) + 100);
    assertThat(traces.getFirst().attempts()).singleElement()
        .satisfies(attempt -> assertThat(attempt.inputTokens()).isEqualTo(sentPrompt));
    assertThat(traces.getFirst().tokens().input()).isEqualTo(sentPrompt);
  }

  @Test
  void anUpstreamThatAnswersWithAnErrorStatusIsBookedAtNothing() {
    gateway();
    first.then(fail(Kind.SERVER_ERROR, 500, null));
    second.then(fail(Kind.TIMEOUT, 504, null)); // a gateway timeout the upstream answered: an error answer too
    ChatRequest request = request(false);
    Call call = open(request, Caller.ANONYMOUS);

    assertThatThrownBy(() -> gateway.execute(call, request)).isInstanceOf(GatewayException.class);

    TraceRecord trace = traces.getFirst();
    assertThat(trace.attempts()).hasSize(2).allSatisfy(attempt -> {
      assertThat(attempt.costUsd()).isZero();
      assertThat(attempt.costEstimated()).isFalse();
    });
    assertThat(trace.costUsd()).isZero();
    assertThat(trace.tokens().total()).isZero();
    assertThat(trace.usageEstimated()).isFalse();
  }

  @Test
  void aRequestThatNeverLeftTheGatewayIsBookedAtNothing() {
    gateway();
    first.then(failBeforeSending(Kind.TIMEOUT)); // the deadline passed before the provider could send it
    second.then(reply("Paris"));
    ChatRequest request = request(false);
    Call call = open(request, Caller.ANONYMOUS);

    gateway.execute(call, request);

    assertTheFirstAttemptIsBookedAtNothingBesideTheAnswer("timeout");
  }

  @Test
  void aStreamWhoseConnectionWasLostAfterItsUpstreamAnswered200IsBookedForItsPrompt() throws Exception {
    gateway();
    first.then(fail(Kind.CONNECTION, 200, null)); // accepted, processing, then the connection went before a chunk
    second.then(reply("Paris"));
    ChatRequest request = request(true);
    Call call = open(request, Caller.ANONYMOUS);

    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
    try (var rest = streaming.rest()) {
      while (rest.next() != null) {
        // read to the end
      }
    }

    int promptOnFirst = prompt(request, "gpt-4o");
    AttemptRecord lost = traces.getFirst().attempts().getFirst();
    assertThat(lost.outcome()).isEqualTo("connection");
    assertThat(lost.httpStatus()).isEqualTo(200);
    assertThat(lost.costEstimated()).isTrue();
    assertThat(lost.inputTokens()).isEqualTo(promptOnFirst);
    assertThat(lost.costUsd()).isCloseTo(promptOnFirst * INPUT_USD, within(CENT_FRACTION));
    assertThat(traces.getFirst().usageEstimated()).isTrue();
  }

  @Test
  void aConnectionThatFailedBeforeAnyAnswerIsBookedAtNothing() {
    gateway();
    first.then(fail(Kind.CONNECTION)); // no status: the request may never have reached the upstream
    second.then(reply("Paris"));
    ChatRequest request = request(false);
    Call call = open(request, Caller.ANONYMOUS);

    gateway.execute(call, request);

    assertTheFirstAttemptIsBookedAtNothingBesideTheAnswer("connection");
  }

  /** The call's first attempt failed with {@code outcome} and costs nothing; the call costs what its answer did. */
  private void assertTheFirstAttemptIsBookedAtNothingBesideTheAnswer(String outcome) {
    TraceRecord trace = traces.getFirst();
    AttemptRecord first = trace.attempts().getFirst();
    assertThat(first.outcome()).isEqualTo(outcome);
    assertThat(first.costUsd()).isZero();
    assertThat(first.costEstimated()).isFalse();
    assertThat(trace.costUsd()).isEqualTo(trace.attempts().get(1).costUsd());
    assertThat(trace.usageEstimated()).isFalse();
  }

  @Test
  void aTargetPassedOverForItsOpenCircuitIsBookedAtNothing() {
    gateway(new Breakers.Policy(50, 1, Duration.ofMinutes(10)));
    first.then(fail(Kind.SERVER_ERROR, 500, null)); // opens its circuit: one call seen, all failed
    second.byDefault(reply("Paris"));
    ChatRequest request = request(false);
    gateway.execute(open(request, Caller.ANONYMOUS), request);
    traces.clear();

    Call call = open(request, Caller.ANONYMOUS);
    gateway.execute(call, request);

    assertThat(first.calls()).isEqualTo(1);
    TraceRecord trace = traces.getFirst();
    assertThat(trace.details().skipped()).singleElement().satisfies(s -> assertThat(s.provider()).isEqualTo("first"));
    assertThat(trace.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.provider()).isEqualTo("second");
      assertThat(attempt.costUsd()).isEqualTo(trace.costUsd());
    });
    assertThat(trace.usageEstimated()).isFalse();
  }

  @Test
  void aTenantWhoseBudgetWentOnGivenUpAttemptsIsRefused() {
    ManualClock clock = new ManualClock("2025-11-10T12:00:00Z");
    ChatRequest request = request(false);
    int counted = prompt(request, "gpt-4o"); // what the limits count the prompt as
    double worstCase = pricing.worstCase(route(CLOSED), counted, 1);
    double givenUp = prompt(request, "gpt-4o") * INPUT_USD + prompt(request, "claude-sonnet") * INPUT_USD;
    // room for one call's worst case and half of what a call whose every attempt was given up is booked at
    Caller caller = caller(new Limits(null, null, worstCase + givenUp / 2, null));
    gateway(new LimitsStep(new RateLimiter(clock::nanoTime), new BudgetLedger(clock), pricing, estimator, 4096));
    first.byDefault(fail(Kind.TIMEOUT));
    second.byDefault(fail(Kind.TIMEOUT));

    assertThatThrownBy(() -> gateway.execute(open(request, caller), request)).isInstanceOf(GatewayException.class);
    assertThat(traces.getFirst().costUsd()).isCloseTo(givenUp, within(CENT_FRACTION));

    assertThatThrownBy(() -> gateway.execute(open(request, caller), request))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED));
    assertThat(first.calls()).as("refused before any upstream was asked").isEqualTo(1);
  }

  @Test
  void aTenantWhoseTokensPerMinuteWentOnGivenUpAttemptsIsRefused() {
    ManualClock clock = new ManualClock("2025-11-10T12:00:00Z");
    ChatRequest request = request(false);
    int counted = prompt(request, "gpt-4o");
    int oneCall = counted + 1; // the prompt and max_tokens 1
    int givenUp = prompt(request, "gpt-4o") + prompt(request, "claude-sonnet");
    Caller caller = caller(new Limits(null, oneCall + givenUp / 2, null, null));
    gateway(new LimitsStep(new RateLimiter(clock::nanoTime), new BudgetLedger(clock), pricing, estimator, 4096));
    first.byDefault(fail(Kind.TIMEOUT));
    second.byDefault(fail(Kind.TIMEOUT));

    assertThatThrownBy(() -> gateway.execute(open(request, caller), request)).isInstanceOf(GatewayException.class);
    assertThat(traces.getFirst().tokens().input()).isEqualTo(givenUp);

    assertThatThrownBy(() -> gateway.execute(open(request, caller), request))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));
    assertThat(first.calls()).isEqualTo(1);
  }

  private static Caller caller(Limits tenantLimits) {
    ApiKey key = new ApiKey("k1", ApiKey.Role.CLIENT, "acme", "ci", "0".repeat(64), Set.of(), Limits.NONE,
        Instant.EPOCH, null);
    return Caller.of(key, tenantLimits);
  }
}
