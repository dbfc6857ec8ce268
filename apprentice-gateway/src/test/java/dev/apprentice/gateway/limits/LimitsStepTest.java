package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static dev.apprentice.gateway.limits.Callers.perDay;
import static dev.apprentice.gateway.limits.Callers.rpm;
import static dev.apprentice.gateway.limits.Routes.request;
import static dev.apprentice.gateway.limits.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitsStepTest {

  private final ManualClock clock = new ManualClock("2025-11-10T12:00:00Z");
  private final RateLimiter limiter = new RateLimiter(clock::nanoTime);
  private final BudgetLedger ledger = new BudgetLedger(clock);
  private final FakeProvider openai = new FakeProvider("openai");
  private final Gateway gateway = Gateway.builder()
      .interceptor(new LimitsStep(limiter, ledger, new Pricing(PriceTable.builtIn(), Map.of()), new TokenEstimator(),
          4096))
      .model(route("smart", openai, "gpt-4o")).model(route("cheap", openai, "gpt-4o-mini")).build();

  @AfterEach
  void close() {
    gateway.close();
    openai.close();
  }

  private Call run(String model, Caller caller) {
    ChatRequest request = request(model, 5, null);
    Call call = gateway.open(request, "trace", Map.of(), System.nanoTime(), caller);
    Outcome outcome = gateway.execute(call, request);
    assertThat(outcome).isInstanceOf(Outcome.Complete.class);
    return call;
  }

  @Test
  void aModelOutsideTheKeysAllowlistIsForbiddenBeforeAnyUpstreamIsCalled() {
    Caller caller = caller("k1", "acme", Limits.NONE, Limits.NONE, Set.of("cheap"));

    assertThatThrownBy(() -> run("smart", caller)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
      assertThat(e.getMessage()).contains("'smart'").contains("Allowed models: cheap");
    });
    assertThat(openai.calls()).isZero();
    run("cheap", caller);
  }

  @Test
  void requestsOverTheKeysRpmAreRefusedWithRetryAfter() {
    Caller caller = caller("k1", "acme", rpm(2), Limits.NONE);
    run("smart", caller);
    run("smart", caller);

    assertThatThrownBy(() -> run("smart", caller)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED);
      assertThat(e.code().status()).isEqualTo(429);
      assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    });
    assertThat(openai.calls()).isEqualTo(2);
  }

  @Test
  void aCallerWithoutLimitsPassesThroughWithoutWindowsOrReservations() {
    Call call = run("smart", caller("k1", "acme", Limits.NONE, Limits.NONE));
    call.end(new CallEnd(200, null, new Tokens(10, 10, 0, 0, 0), false, 1.0));

    run("smart", Caller.ANONYMOUS);

    assertThat(limiter.windows()).isZero();
    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isZero();
  }

  @Test
  void endingTheCallSettlesItsActualCost() {
    Caller caller = caller("k1", "acme", perDay(1.00), Limits.NONE);
    Call call = run("smart", caller);

    call.end(new CallEnd(200, null, new Tokens(10, 10, 0, 0, 0), false, 0.25));

    assertThat(ledger.spent(Scope.KEY, "k1", Window.DAY)).isEqualTo(0.25);
  }

  @Test
  void aKeyOverItsRpmWhoseBudgetIsSpentIsToldToWaitForTheBudgetNotTheMinute() {
    Caller caller = caller("k1", "acme", new Limits(1, null, 1.00, null), Limits.NONE);
    run("smart", caller).end(new CallEnd(200, null, new Tokens(10, 10, 0, 0, 0), false, 1.00));

    assertThatThrownBy(() -> run("smart", caller)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
      assertThat(e.retryAfter()).as("until the next UTC midnight, not the minute's end").isEqualTo(Duration.ofHours(12));
    });
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> run("smart", caller)).hasMessageContaining("Budget exceeded");
  }

  @Test
  void aKeyOverItsRpmWhoseCallCouldNeverFitItsBudgetIsToldSoAtOnce() {
    Caller caller = caller("k1", "acme", new Limits(1, null, 0.0001, null), Limits.NONE);
    Call free = gateway.open(request("smart", 1, null), "trace", Map.of(), System.nanoTime(),
        caller("k1", "acme", new Limits(1, null, null, null), Limits.NONE));
    gateway.execute(free, request("smart", 1, null));

    assertThatThrownBy(() -> run("smart", caller)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_OVER_BUDGET);
      assertThat(e.retryAfter()).isNull();
    });
  }

  @Test
  void aCallRefusedForItsBudgetDoesNotUseUpARequestOfTheMinute() {
    Caller broke = caller("k1", "acme", new Limits(1, null, 0.0, null), Limits.NONE);
    assertThatThrownBy(() -> run("smart", broke)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_OVER_BUDGET));

    run("smart", caller("k1", "acme", new Limits(1, null, 100.0, null), Limits.NONE));
  }
}
