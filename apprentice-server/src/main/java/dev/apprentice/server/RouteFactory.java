package dev.apprentice.server;

import dev.apprentice.api.ChatProvider;
import dev.apprentice.gateway.config.BreakerSettings;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.gateway.config.TargetSettings;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.gateway.routing.LeastLatencyRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Router;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.gateway.routing.WeightedRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Turns configured models into routes over the built providers. */
final class RouteFactory {

  private final Map<String, ChatProvider> providers;
  private final LatencyTracker latencies;

  RouteFactory(Map<String, ChatProvider> providers, LatencyTracker latencies) {
    this.providers = providers;
    this.latencies = latencies;
  }

  ModelRoute build(ModelSettings model) {
    List<Target> targets = new ArrayList<>();
    for (TargetSettings t : model.targets()) {
      targets.add(new Target(providers.get(t.provider()), t.model(), t.weight()));
    }
    Router router = switch (model.strategy()) {
      case FALLBACK -> new FallbackRouter();
      case WEIGHTED -> new WeightedRouter(ThreadLocalRandom::current);
      case LEAST_LATENCY -> new LeastLatencyRouter(latencies);
    };
    BreakerSettings b = model.circuitBreaker();
    return new ModelRoute(model.name(), router, targets, model.retries(), model.timeout(), model.ttftTimeout(),
        model.retryBackoff(), new Breakers.Policy(b.failureRatePercent(), b.minimumCalls(), b.openFor()),
        model.attemptTimeout());
  }
}
