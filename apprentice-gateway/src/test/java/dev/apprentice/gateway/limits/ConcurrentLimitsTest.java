package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static dev.apprentice.gateway.limits.Callers.perDay;
import static dev.apprentice.gateway.limits.Callers.tpm;
import static dev.apprentice.gateway.limits.Routes.reply;
import static dev.apprentice.gateway.limits.Routes.request;
import static dev.apprentice.gateway.limits.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Usage;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.ManualClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many calls at once against small limits, through a real gateway; the test plays the accounting's part and ends
 * each call with the usage the fake reported and its price.
 */
class ConcurrentLimitsTest {

  private static final int CALLS = 500;
  private static final int MAX_TOKENS = 20;

  private final ManualClock clock = new ManualClock("2025-11-10T12:00:00Z");
  private final RateLimiter limiter = new RateLimiter(clock::nanoTime);
  private final BudgetLedger ledger = new BudgetLedger(clock);
  private final TokenEstimator estimator = new TokenEstimator();
  private final FakeProvider openai = new FakeProvider("openai").byDefault(reply(MAX_TOKENS));
  private final ModelRoute route = route("smart", openai, "gpt-4o");
  private final Pricing pricing = new Pricing(PriceTable.builtIn(),
      Map.of("smart", new PriceSettings(1_000.0, 1_000.0, null, null, null)));
  private final Gateway gateway = Gateway.builder()
      .interceptor(new LimitsStep(limiter, ledger, pricing, estimator, 4096)).model(route).build();
  private final ChatRequest request = request("smart", 30, MAX_TOKENS);

  private final DoubleAdder settledUsd = new DoubleAdder();
  private final AtomicInteger admittedTokens = new AtomicInteger();
  private final AtomicInteger admitted = new AtomicInteger();
  private final Map<ErrorCode, AtomicInteger> refusals = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    gateway.close();
    openai.close();
  }

  @Test
  void concurrentCallsNeverSpendMoreThanTheBudgetAndOneReservation() throws InterruptedException {
    double budget = 1.00;
    runConcurrently(caller("k1", "acme", perDay(budget), Limits.NONE));

    int promptEstimate = estimator.countPrompt(request, "gpt-4o");
    double oneReservation = pricing.worstCase(route, promptEstimate, MAX_TOKENS);
    assertThat(settledUsd.sum()).isLessThanOrEqualTo(budget + oneReservation);
    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isCloseTo(settledUsd.sum(), within(1e-9));
    assertThat(admitted.get()).isPositive();
    assertThat(refusals).containsOnlyKeys(ErrorCode.BUDGET_EXCEEDED);
    assertThat(admitted.get() + refusals.get(ErrorCode.BUDGET_EXCEEDED).get()).isEqualTo(CALLS);
  }

  @Test
  void concurrentCallsNeverUseMoreTokensThanTheTpmAndOneReservation() throws InterruptedException {
    int limit = 1_000;
    runConcurrently(caller("k1", "acme", tpm(limit), Limits.NONE));

    int oneReservation = estimator.countPrompt(request, "gpt-4o") + MAX_TOKENS;
    assertThat(admittedTokens.get()).isLessThanOrEqualTo(limit + oneReservation);
    assertThat(admitted.get()).isPositive();
    assertThat(refusals).containsOnlyKeys(ErrorCode.RATE_LIMIT_EXCEEDED);
    assertThat(admitted.get() + refusals.get(ErrorCode.RATE_LIMIT_EXCEEDED).get()).isEqualTo(CALLS);
  }

  private void runConcurrently(Caller caller) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CALLS; i++) {
        String traceId = "t" + i;
        pool.submit(() -> {
          start.await();
          callOnce(traceId, caller);
          return null;
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("calls finished").isTrue();
    }
  }

  /** One call, ended the way the accounting ends it. */
  private void callOnce(String traceId, Caller caller) {
    Call call = gateway.open(request, traceId, Map.of(), System.nanoTime(), caller);
    try {
      Outcome outcome = gateway.execute(call, request);
      Usage usage = ((Outcome.Complete) outcome).response().usage();
      Tokens tokens = new Tokens(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(), 0,
          usage.reasoningTokens());
      double cost = pricing.cost(route, "gpt-4o", tokens);
      admitted.incrementAndGet();
      admittedTokens.addAndGet(tokens.total());
      settledUsd.add(cost);
      call.end(new CallEnd(200, null, tokens, false, cost));
    } catch (GatewayException e) {
      refusals.computeIfAbsent(e.code(), c -> new AtomicInteger()).incrementAndGet();
      call.end(CallEnd.failedBeforeUpstream(e.code().status(), e.code().code()));
    }
  }
}
