package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.gateway.routing.LeastLatencyRouter;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.gateway.routing.WeightedRouter;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouterStrategiesTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final FakeProvider mistral = new FakeProvider("mistral");
  private final ChatRequest request = request("smart");

  @Test
  void theFallbackRouterKeepsTheConfiguredOrder() {
    List<Target> targets = List.of(target(openai, "a"), target(anthropic, "b"), target(mistral, "c"));

    assertThat(new FallbackRouter().plan(targets, request)).containsExactlyElementsOf(targets);
  }

  @Test
  void theWeightedRouterPicksTheFirstTargetInProportionToItsWeight() {
    Target heavy = new Target(openai, "gpt-4o", 3);
    Target light = new Target(anthropic, "claude-sonnet", 1);
    Random seeded = new Random(2024);
    WeightedRouter router = new WeightedRouter(() -> seeded);

    int heavyFirst = 0;
    for (int i = 0; i < 4_000; i++) {
      List<Target> plan = router.plan(List.of(heavy, light), request);
      assertThat(plan).containsExactlyInAnyOrder(heavy, light);
      if (plan.getFirst().equals(heavy)) heavyFirst++;
    }

    assertThat(heavyFirst / 4_000.0).isBetween(0.70, 0.80);
  }

  @Test
  void everyWeightedPlanContainsEveryTargetExactlyOnce() {
    List<Target> targets = List.of(new Target(openai, "a", 5), new Target(anthropic, "b", 1),
        new Target(mistral, "c", 0.5));
    Random seeded = new Random(99);
    WeightedRouter router = new WeightedRouter(() -> seeded);
    int[] firsts = new int[3];

    for (int i = 0; i < 1_000; i++) {
      List<Target> plan = router.plan(targets, request);
      assertThat(plan).hasSize(3).containsExactlyInAnyOrderElementsOf(targets);
      firsts[targets.indexOf(plan.getFirst())]++;
    }

    assertThat(firsts).doesNotContain(0);
  }

  @Test
  void theLeastLatencyRouterPutsTheFasterTargetFirst() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    Target slow = target(openai, "gpt-4o");
    Target fast = target(anthropic, "claude-sonnet");
    latencies.record(slow.id(), Duration.ofMillis(900).toNanos());
    latencies.record(fast.id(), Duration.ofMillis(200).toNanos());

    assertThat(new LeastLatencyRouter(latencies).plan(List.of(slow, fast), request)).containsExactly(fast, slow);
  }

  @Test
  void theLeastLatencyRouterTriesUnmeasuredTargetsFirstInConfiguredOrder() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    Target measured = target(openai, "gpt-4o");
    Target newcomer = target(anthropic, "claude-sonnet");
    Target another = target(mistral, "large");
    latencies.record(measured.id(), Duration.ofMillis(1).toNanos());

    assertThat(new LeastLatencyRouter(latencies).plan(List.of(measured, newcomer, another), request))
        .containsExactly(newcomer, another, measured);
  }

  @Test
  void theLatencyAverageMovesTowardsNewMeasurementsByAlpha() {
    LatencyTracker latencies = new LatencyTracker(0.5);
    assertThat(latencies.average("openai/gpt-4o")).isEqualTo(-1);

    latencies.record("openai/gpt-4o", 100);
    latencies.record("openai/gpt-4o", 200);

    assertThat(latencies.average("openai/gpt-4o")).isCloseTo(150, within(0.001));
  }

  @Test
  void leastLatencyRoutingLearnsFromTheCallsItServes() {
    LatencyTracker latencies = new LatencyTracker(0.5);
    openai.byDefault(reply("slow").after(Duration.ofMillis(60)));
    anthropic.byDefault(reply("fast"));
    try (Gateway gateway = Gateway.builder().latencies(latencies).sleeper(new FakeSleeper())
        .model(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
            .router(new LeastLatencyRouter(latencies)).build())
        .build()) {
      List<String> servedBy = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Call call = gateway.open(request, "trace", Map.of());
        gateway.execute(call, request);
        servedBy.add(call.servedBy());
      }

      assertThat(servedBy).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet", "anthropic/claude-sonnet",
          "anthropic/claude-sonnet");
      assertThat(latencies.average("openai/gpt-4o")).isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos());
    }
  }
}
