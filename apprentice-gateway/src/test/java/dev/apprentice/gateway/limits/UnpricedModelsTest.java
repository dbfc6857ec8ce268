package dev.apprentice.gateway.limits;

import static dev.apprentice.gateway.limits.Callers.caller;
import static dev.apprentice.gateway.limits.Callers.perDay;
import static dev.apprentice.gateway.limits.Callers.perMonth;
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
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnpricedModelsTest {

  private final ManualClock clock = new ManualClock("2025-11-10T12:00:00Z");
  private final RateLimiter limiter = new RateLimiter(clock::nanoTime);
  private final BudgetLedger ledger = new BudgetLedger(clock);
  private final FakeProvider up = new FakeProvider("up");
  private final List<Gateway> gateways = new ArrayList<>();

  @AfterEach
  void close() {
    gateways.forEach(Gateway::close);
    up.close();
  }

  private Gateway gateway(boolean refuseUnpriced) {
    Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of());
    Gateway gateway = Gateway.builder()
        .interceptor(new LimitsStep(limiter, ledger, pricing, new TokenEstimator(), 64,
            UnpricedModels.of(pricing, refuseUnpriced)))
        .model(route("llama", up, "llama-3-70b")).model(route("smart", up, "gpt-4o")).build();
    gateways.add(gateway);
    return gateway;
  }

  private static void run(Gateway gateway, String model, Caller caller) {
    ChatRequest request = request(model, 5, null);
    Call call = gateway.open(request, "trace", Map.of(), System.nanoTime(), caller);
    assertThat(gateway.execute(call, request)).isInstanceOf(Outcome.Complete.class);
  }

  @Test
  void aCallerWithABudgetIsRefusedAModelNothingPricesBeforeAnythingIsReservedOrCalled() {
    Gateway gateway = gateway(true);
    Caller budgeted = caller("k1", "acme", rpm(10), perDay(0.001));

    assertThatThrownBy(() -> run(gateway, "llama", budgeted)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNPRICED);
      assertThat(e.code().status()).isEqualTo(403);
      assertThat(e.param()).isEqualTo("model");
      assertThat(e.getMessage()).contains("'llama'").contains("budget of tenant 'acme'").contains("up/llama-3-70b")
          .contains("models.llama.price").contains("limits.unpriced: allow");
    });
    assertThat(up.calls()).isZero();
    assertThat(limiter.windows()).as("not even a request of the minute taken").isZero();
    run(gateway, "smart", budgeted);
  }

  @Test
  void theRefusalNamesEveryBudgetTheCallerHas() {
    Caller both = caller("k1", "acme", perMonth(10), perDay(1));

    assertThatThrownBy(() -> run(gateway(true), "llama", both)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.getMessage()).contains("budget of key 'k1' and tenant 'acme'"));
  }

  @Test
  void aCallerWithoutABudgetMayCallAModelNothingPrices() {
    run(gateway(true), "llama", caller("k1", "acme", rpm(10), Limits.NONE));

    assertThat(up.calls()).isEqualTo(1);
  }

  @Test
  void withUnpricedAllowedABudgetedCallerIsServedUncounted() {
    run(gateway(false), "llama", caller("k1", "acme", Limits.NONE, perDay(0.001)));

    assertThat(up.calls()).isEqualTo(1);
  }

  @Test
  void aRoutesUnpricedTargetsAreWorkedOutOnceNotOnEveryBudgetedCall() {
    FakeProvider counted = new FakeProvider("counted", "openai"); // unpriced; counts how often its type is asked
    ModelRoute llama = route("llama", counted, "llama-3-70b");
    UnpricedModels unpriced = UnpricedModels.refusing(new Pricing(PriceTable.builtIn(), Map.of()));
    Caller budgeted = caller("k1", "acme", Limits.NONE, perDay(1));

    for (int call = 0; call < 3; call++) {
      assertThatThrownBy(() -> unpriced.check(budgeted, llama)).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNPRICED));
    }

    assertThat(counted.typeAsked()).as("the route's target looked up once").isEqualTo(1);
  }

  @Test
  void aRouteBuiltAnewUnderAKnownNameIsWorkedOutAnew() {
    UnpricedModels unpriced = UnpricedModels.refusing(new Pricing(PriceTable.builtIn(), Map.of()));
    Caller budgeted = caller("k1", "acme", Limits.NONE, perDay(1));
    assertThatThrownBy(() -> unpriced.check(budgeted, route("llama", up, "llama-3-70b")))
        .isInstanceOf(GatewayException.class);

    unpriced.check(budgeted, route("llama", up, "gpt-4o"));
  }

  @Test
  void aModelWithoutARouteCostsNothingAndIsRefusedNoOne() {
    UnpricedModels unpriced = UnpricedModels.refusing(new Pricing(PriceTable.builtIn(), Map.of()));

    unpriced.check(caller("k1", "acme", perDay(1), perDay(1)), null);
  }
}
