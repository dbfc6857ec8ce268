package dev.apprentice.server.accounting;

import dev.apprentice.api.access.Caller;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.limits.BudgetLedger;
import dev.apprentice.gateway.limits.RateLimiter;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The accounting of embedding calls over two targets, {@code text-embedding-3-large} first and
 * {@code text-embedding-3-small} second, priced from the built-in table, with the traces it writes kept in a list:
 * what the tests of given-up attempts and of answers without usage share.
 */
abstract class TwoEmbeddingTargets {

  /** $0.02 and $0.13 per million input tokens (the built-in price table). */
  static final double SMALL_USD = 0.02e-6;
  static final double LARGE_USD = 0.13e-6;
  static final double CENT_FRACTION = 1e-15;
  static final List<String> INPUTS = List.of("where is my card", "and when does it arrive");

  final FakeProvider one = new FakeProvider("one");
  final FakeProvider two = new FakeProvider("two");
  final Target large = new Target(one, "text-embedding-3-large", 1);
  final Target small = new Target(two, "text-embedding-3-small", 1);
  final ModelRoute route = new ModelRoute("embed", new FallbackRouter(), List.of(large, small), 0,
      Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(1),
      new Breakers.Policy(50, 100, Duration.ofSeconds(30)));
  final TokenEstimator estimator = new TokenEstimator();
  final Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of());
  final List<TraceRecord> traces = new ArrayList<>();
  final EmbeddingCalls calls = new EmbeddingCalls(new RateLimiter(), new BudgetLedger(), pricing, estimator,
      traces::add, model -> Capture.METADATA_ONLY);

  @AfterEach
  void closeProviders() {
    one.close();
    two.close();
  }

  /** The tokens of {@link #INPUTS} as {@code upstreamModel} counts them. */
  int counted(String upstreamModel) {
    int total = 0;
    for (String input : INPUTS) total += estimator.countText(input, upstreamModel);
    return total;
  }

  static Attempt answered(Target target) {
    return new Attempt(target, null, 200, null, 1_000_000);
  }

  static EmbeddingCalls.Started started(Caller caller) {
    return new EmbeddingCalls.Started("tr_embed", System.nanoTime(), caller, "embed", null, Map.of(), null,
        List.of());
  }
}
