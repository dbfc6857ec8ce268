package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static dev.apprentice.gateway.limits.Callers.perDay;
import static dev.apprentice.gateway.limits.Callers.tpm;
import static dev.apprentice.gateway.limits.Routes.reply;
import static dev.apprentice.gateway.limits.Routes.request;
import static dev.apprentice.gateway.limits.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.config.RagSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.rag.RagStep;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call cannot cost more than its limits hold: a request without an output limit is capped upstream at what was
 * reserved, context added after the limits is reserved before the request leaves, and a second pass upstream is a
 * second call to reserve.
 */
class WhatACallCanCostTest {

  private static final int RESERVED_OUTPUT = 512;
  private static final double PER_TOKEN = 0.001;

  private final ManualClock clock = new ManualClock("2026-03-10T12:00:00Z");
  private final RateLimiter limiter = new RateLimiter(clock::nanoTime);
  private final BudgetLedger ledger = new BudgetLedger(clock);
  private final TokenEstimator estimator = new TokenEstimator();
  private final FakeProvider openai = new FakeProvider("openai").byDefault(reply(2));
  private final Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of(
      "smart", new PriceSettings(1_000.0, 1_000.0, null, null, null),
      "rag", new PriceSettings(1_000.0, 1_000.0, null, null, null),
      "twice", new PriceSettings(1_000.0, 1_000.0, null, null, null)));
  private final String context = "context ".repeat(300).strip();
  private final Gateway gateway = Gateway.builder()
      .interceptor(new LimitsStep(limiter, ledger, pricing, estimator, RESERVED_OUTPUT))
      .interceptor(new RagStep((collection, query, k) -> List.of(new RetrievedChunk("docs", "d1", "d1#0", context, 0.9)),
          model -> model.equals("rag") ? new RagSettings("docs", 1, 0, RagSettings.CONTEXT) : null))
      .interceptor(askingTwiceFor("twice"))
      .model(route("smart", openai, "gpt-4o")).model(route("rag", openai, "gpt-4o"))
      .model(route("twice", openai, "gpt-4o")).build();

  @AfterEach
  void close() {
    gateway.close();
    openai.close();
  }

  /** Like a guardrail that retries an answer: sends the request upstream a second time. */
  private static Interceptor askingTwiceFor(String model) {
    return chain -> {
      if (!chain.call().model().equals(model)) return chain.proceed(chain.request());
      chain.proceed(chain.request());
      return chain.proceed(chain.request());
    };
  }

  private Call open(String model, Integer maxTokens, Caller caller) {
    ChatRequest request = request(model, 5, maxTokens);
    Call call = gateway.open(request, "trace-" + model, Map.of(), System.nanoTime(), caller);
    gateway.execute(call, request);
    return call;
  }

  private Call refused(String model, Integer maxTokens, Caller caller, ErrorCode code) {
    ChatRequest request = request(model, 5, maxTokens);
    Call call = gateway.open(request, "trace-refused", Map.of(), System.nanoTime(), caller);
    assertThatThrownBy(() -> gateway.execute(call, request)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.code()).isEqualTo(code));
    call.end(CallEnd.failedBeforeUpstream(code.status(), code.code()));
    return call;
  }

  /** What a call on {@code model} with {@code maxTokens} reserves, in USD, counting the prompt it goes upstream with. */
  private double wholeCall(String model) {
    open(model, 10, caller("probe", "probe", Limits.NONE, Limits.NONE));
    ChatRequest sent = openai.received().getLast().request();
    return (estimator.countPrompt(sent, "gpt-4o") + 10) * PER_TOKEN;
  }

  @Test
  void aBudgetedRequestWithoutAnOutputLimitGoesUpstreamCappedAtTheOutputItReserved() {
    open("smart", null, caller("k1", "acme", perDay(100), Limits.NONE));
    open("smart", null, caller("k2", "acme", tpm(100_000), Limits.NONE));
    open("smart", 20, caller("k3", "acme", perDay(100), Limits.NONE));
    open("smart", null, caller("k4", "acme", Callers.rpm(100), Limits.NONE));

    assertThat(openai.received()).extracting(FakeProvider.Received::outputTokenCap)
        .containsExactly(RESERVED_OUTPUT, RESERVED_OUTPUT, null, null);
  }

  @Test
  void aRequestWithBothOutputLimitsReservesTheLargerSinceBothGoUpstream() {
    ChatRequest bare = request("smart", 5, null);
    int prompt = estimator.countPrompt(bare, "gpt-4o");
    for (int[] limits : new int[][] {{1_000, 10}, {10, 1_000}}) {
      String key = "k" + limits[0];
      ChatRequest request = bare.toBuilder().maxTokens(limits[0]).maxCompletionTokens(limits[1]).build();
      Call call = gateway.open(request, "trace-" + key, Map.of(), System.nanoTime(), caller(key, "acme", perDay(100),
          Limits.NONE));
      gateway.execute(call, request);

      assertThat(ledger.held(Scope.KEY, key, Window.DAY)).as("max_tokens %d, max_completion_tokens %d", limits[0],
          limits[1]).isCloseTo((prompt + 1_000) * PER_TOKEN, within(1e-9));
    }
    assertThat(openai.received()).extracting(FakeProvider.Received::outputTokenCap).containsOnlyNulls();
  }

  @Test
  void contextAddedByRetrievalIsHeldWithTheCallAndSettledWithIt() {
    double whole = wholeCall("rag");
    Caller caller = caller("k1", "acme", perDay(10), Limits.NONE);

    Call call = open("rag", 10, caller);

    assertThat(ledger.held(Scope.KEY, "k1", Window.DAY)).isCloseTo(whole, within(1e-9));
    call.end(new CallEnd(200, null, new Tokens(300, 2, 0, 0, 0), false, 0.302));
    assertThat(ledger.held(Scope.KEY, "k1", Window.DAY)).isZero();
    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(0.302, within(1e-9));
  }

  @Test
  void aCallWhoseRetrievedContextCouldNeverFitTheBudgetIsRefusedBeforeAnyUpstream() {
    double bare = (estimator.countPrompt(request("rag", 5, 10), "gpt-4o") + 10) * PER_TOKEN;
    Caller caller = caller("k1", "acme", perDay(bare + 0.01), Limits.NONE);

    refused("rag", 10, caller, ErrorCode.REQUEST_OVER_BUDGET);

    assertThat(openai.calls()).isZero();
    assertThat(ledger.held(Scope.KEY, "k1", Window.DAY)).isZero();
    open("smart", 10, caller);
  }

  @Test
  void whenTheContextDoesNotFitWhatIsLeftOfTheBudgetTheCallWaitsForTheNextWindow() {
    double whole = wholeCall("rag");
    Caller caller = caller("k1", "acme", perDay(whole * 1.5), Limits.NONE);
    open("rag", 10, caller);

    refused("rag", 10, caller, ErrorCode.BUDGET_EXCEEDED);

    assertThat(openai.calls()).as("the probe and the first call").isEqualTo(2);
    assertThat(ledger.held(Scope.KEY, "k1", Window.DAY)).isCloseTo(whole, within(1e-9));
  }

  @Test
  void contextAddedByRetrievalCountsAgainstTheTpm() {
    int bare = estimator.countPrompt(request("smart", 5, 10), "gpt-4o") + 10;
    Caller caller = caller("k1", "acme", tpm(bare * 2 + 50), Limits.NONE);
    open("smart", 10, caller);

    refused("rag", 10, caller, ErrorCode.RATE_LIMIT_EXCEEDED);

    assertThat(openai.calls()).as("the first call only").isEqualTo(1);
    open("smart", 10, caller);
  }

  @Test
  void aCallWhoseContextTakesItPastTheWholeTpmRunsAloneInsteadOfBeingRefusedOnEveryRetry() {
    int bare = estimator.countPrompt(request("rag", 5, 10), "gpt-4o") + 10;
    Caller caller = caller("k1", "acme", tpm(bare + 50), Limits.NONE);

    open("rag", 10, caller);

    assertThat(openai.calls()).isEqualTo(1);
    refused("smart", 10, caller, ErrorCode.RATE_LIMIT_EXCEEDED);
  }

  @Test
  void aSecondPassUpstreamIsASecondCallToReserve() {
    double one = wholeCall("smart");
    Caller caller = caller("k1", "acme", perDay(one * 1.5), Limits.NONE);

    refused("twice", 10, caller, ErrorCode.REQUEST_OVER_BUDGET);

    assertThat(openai.calls()).as("the probe and the first pass").isEqualTo(2);
    Call both = open("twice", 10, caller("k2", "acme", perDay(one * 2), Limits.NONE));
    assertThat(ledger.held(Scope.KEY, "k2", Window.DAY)).isCloseTo(2 * one, within(1e-9));
    both.end(new CallEnd(200, null, new Tokens(20, 4, 0, 0, 0), false, 0.024));
    assertThat(ledger.held(Scope.KEY, "k2", Window.DAY)).isZero();
  }
}
