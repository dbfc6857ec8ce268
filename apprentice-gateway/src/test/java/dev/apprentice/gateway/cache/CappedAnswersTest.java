package dev.apprentice.gateway.cache;

import dev.apprentice.testing.InMemoryCache;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.accounting.AccountingStep;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.config.CacheSettings;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An answer cut short at one caller's budget cap is not kept for callers who may have none. */
class CappedAnswersTest {

  private static final int CAP = 5;

  private final FakeProvider openai = new FakeProvider("openai");
  private final InMemoryCache cache = new InMemoryCache();
  private final Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of());
  private final TokenEstimator estimator = new TokenEstimator();
  private final Gateway gateway = Gateway.builder()
      .interceptor(new AccountingStep(pricing, estimator, m -> Capture.METADATA_ONLY, trace -> { }))
      .interceptor(new LimitsStep(new RateLimiter(), new BudgetLedger(), pricing, estimator, CAP))
      .interceptor(new CacheStep(cache, m -> CacheSettings.defaults(), Runnable::run, CacheStep.Options.DEFAULTS))
      .model(new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
          Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
          new Breakers.Policy(50, 1_000, Duration.ofSeconds(30))))
      .build();
  private final Caller budgeted = Caller.of(new ApiKey("k1", ApiKey.Role.CLIENT, "acme", "k1", "0".repeat(64),
      Set.of(), new Limits(null, null, 100.0, null), Instant.EPOCH, null), Limits.NONE);

  @AfterEach
  void close() {
    gateway.close();
    openai.close();
  }

  private ChatResponse ask() {
    ChatRequest request = ChatRequest.builder().model("smart")
        .messages(List.of(Message.user("Explain overdraft fees"))).temperature(0.0).build();
    Call call = gateway.open(request, "tr", Map.of(), System.nanoTime(), budgeted);
    return ((Outcome.Complete) gateway.execute(call, request)).response();
  }

  @Test
  void anAnswerCutAtTheCapIsNotKept() {
    openai.byDefault(reply("one two three four five six seven eight"));

    ChatResponse first = ask();
    ask();

    assertThat(first.choices().getFirst().finishReason()).isEqualTo("length");
    assertThat(openai.calls()).isEqualTo(2);
  }

  @Test
  void anAnswerThatEndedWithinTheCapIsKept() {
    openai.byDefault(reply("one two three"));

    ask();
    ask();

    assertThat(openai.calls()).isEqualTo(1);
  }
}
