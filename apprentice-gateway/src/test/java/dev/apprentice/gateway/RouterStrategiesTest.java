package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.streamingRequest;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException.Kind;
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
import java.util.concurrent.atomic.AtomicLong;
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
    latencies.record(slow.id(), false, Duration.ofMillis(900).toNanos());
    latencies.record(fast.id(), false, Duration.ofMillis(200).toNanos());

    assertThat(new LeastLatencyRouter(latencies).plan(List.of(slow, fast), request)).containsExactly(fast, slow);
  }

  @Test
  void theLeastLatencyRouterTriesUnmeasuredTargetsFirstInConfiguredOrder() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    Target measured = target(openai, "gpt-4o");
    Target newcomer = target(anthropic, "claude-sonnet");
    Target another = target(mistral, "large");
    latencies.record(measured.id(), false, Duration.ofMillis(1).toNanos());

    assertThat(new LeastLatencyRouter(latencies).plan(List.of(measured, newcomer, another), request))
        .containsExactly(newcomer, another, measured);
  }

  @Test
  void theLatencyAverageMovesTowardsNewMeasurementsByAlpha() {
    LatencyTracker latencies = new LatencyTracker(0.5);
    assertThat(latencies.average("openai/gpt-4o", false)).isEqualTo(-1);

    latencies.record("openai/gpt-4o", false, 100);
    latencies.record("openai/gpt-4o", false, 200);

    assertThat(latencies.average("openai/gpt-4o", false)).isCloseTo(150, within(0.001));
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
      assertThat(latencies.average("openai/gpt-4o", false)).isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos());
    }
  }

  @Test
  void aTargetThatFailsSortsLastInsteadOfBeingTriedFirstAsUnmeasuredOnEveryCall() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    try (Gateway gateway = leastLatency(latencies)) {
      List<String> servedBy = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Call call = gateway.open(request, "trace", Map.of());
        gateway.execute(call, request);
        servedBy.add(call.servedBy());
      }

      assertThat(servedBy).containsOnly("anthropic/claude-sonnet");
      assertThat(openai.calls()).as("tried once, then behind the target that answers").isEqualTo(1);
      assertThat(latencies.average("openai/gpt-4o", false))
          .as("counted as its try's limit: half the call's 60 s, another target remaining")
          .isBetween((double) Duration.ofSeconds(29).toNanos(), (double) Duration.ofSeconds(30).toNanos());
    }
  }

  @Test
  void aFailedTryCountsAsTheLimitThatTryHadNotTheWholeCallsTimeout() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    openai.byDefault(fail(Kind.TIMEOUT));
    anthropic.byDefault(reply("fine"));
    try (Gateway gateway = Gateway.builder().latencies(latencies).sleeper(new FakeSleeper())
        .model(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
            .router(new LeastLatencyRouter(latencies)).attemptTimeout(Duration.ofSeconds(5)).build())
        .build()) {
      Call call = gateway.open(request, "trace", Map.of());
      gateway.execute(call, request);

      assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
      assertThat(latencies.average("openai/gpt-4o", false)).as("its attempt_timeout_ms, not the call's 60 s")
          .isEqualTo(Duration.ofSeconds(5).toNanos());
    }
  }

  @Test
  void oneErrorOfTheFastestTargetDoublesItsAverageInsteadOfParkingItAtTheTimeLimitWhileRepeatedErrorsSendItBack() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    Target fast = target(openai, "gpt-4o");
    Target slow = target(anthropic, "claude-sonnet");
    latencies.record(fast.id(), false, Duration.ofMillis(200).toNanos());
    latencies.record(slow.id(), false, Duration.ofMillis(500).toNanos());
    LeastLatencyRouter router = new LeastLatencyRouter(latencies);
    long limit = Duration.ofSeconds(60).toNanos();

    latencies.penalise(fast.id(), false, Duration.ofMillis(5).toNanos(), limit);
    assertThat(latencies.average(fast.id(), false)).isEqualTo(Duration.ofMillis(400).toNanos());
    assertThat(router.plan(List.of(slow, fast), request)).containsExactly(fast, slow);

    latencies.penalise(fast.id(), false, Duration.ofMillis(5).toNanos(), limit);
    assertThat(router.plan(List.of(slow, fast), request)).containsExactly(slow, fast);

    for (int i = 0; i < 20; i++) latencies.penalise(fast.id(), false, Duration.ofMillis(5).toNanos(), limit);
    assertThat(latencies.average(fast.id(), false)).as("never past the time limit").isEqualTo(limit);
  }

  @Test
  void aTargetsFirstAnswerAfterErrorsSortsItByItsAnswersAloneAgain() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    Target flaky = target(openai, "gpt-4o");
    Target steady = target(anthropic, "claude-sonnet");
    latencies.record(steady.id(), false, Duration.ofMillis(500).toNanos());
    LeastLatencyRouter router = new LeastLatencyRouter(latencies);
    long limit = Duration.ofSeconds(60).toNanos();

    latencies.penalise(flaky.id(), false, Duration.ofMillis(5).toNanos(), limit);
    assertThat(latencies.average(flaky.id(), false)).as("never answered: at the limit").isEqualTo(limit);
    latencies.record(flaky.id(), false, Duration.ofMillis(200).toNanos());
    assertThat(latencies.average(flaky.id(), false)).as("its first answer, not a step down from 60 s")
        .isEqualTo(Duration.ofMillis(200).toNanos());

    for (int i = 0; i < 5; i++) latencies.penalise(flaky.id(), false, Duration.ofMillis(5).toNanos(), limit);
    assertThat(router.plan(List.of(flaky, steady), request)).containsExactly(steady, flaky);
    latencies.record(flaky.id(), false, Duration.ofMillis(200).toNanos());
    assertThat(latencies.average(flaky.id(), false)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(router.plan(List.of(flaky, steady), request)).containsExactly(flaky, steady);
  }

  @Test
  void aFailureThatIsTheRequestsOwnFaultSaysNothingAboutATargetsLatency() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    openai.then(fail(Kind.INVALID_REQUEST, 400, null));
    try (Gateway gateway = leastLatency(latencies)) {
      Call call = gateway.open(request, "trace", Map.of());
      assertThatThrownBy(() -> gateway.execute(call, request)).isInstanceOf(GatewayException.class);

      assertThat(latencies.average("openai/gpt-4o", false)).isEqualTo(-1);
    }
  }

  /** A gateway whose model {@code smart} routes by least latency to openai, then anthropic (both unmeasured). */
  private Gateway leastLatency(LatencyTracker latencies) {
    return Gateway.builder().latencies(latencies).sleeper(new FakeSleeper())
        .model(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
            .router(new LeastLatencyRouter(latencies)).build())
        .build();
  }

  @Test
  void aTargetThatSortsLastGetsOneCallOnceItsAverageIsOlderThanThirtySeconds() {
    AtomicLong now = new AtomicLong();
    LatencyTracker latencies = new LatencyTracker(0.3, now::get);
    Target slow = target(openai, "gpt-4o");
    Target fast = target(anthropic, "claude-sonnet");
    latencies.record(slow.id(), false, Duration.ofMillis(900).toNanos());
    served(latencies, fast, Duration.ofMillis(200), LeastLatencyRouter.REFRESH_EVERY_ANSWERS);
    LeastLatencyRouter router = new LeastLatencyRouter(latencies);

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(router.plan(List.of(slow, fast), request)).as("not older than 30 s yet").containsExactly(fast, slow);
    now.addAndGet(1);
    assertThat(router.plan(List.of(slow, fast), request)).containsExactly(slow, fast);
    assertThat(router.plan(List.of(slow, fast), request)).as("one call only").containsExactly(fast, slow);
    served(latencies, fast, Duration.ofMillis(200), LeastLatencyRouter.REFRESH_EVERY_ANSWERS);
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(router.plan(List.of(slow, fast), request)).as("and again 30 s later").containsExactly(slow, fast);
  }

  @Test
  void underSparseTrafficTheSlowTargetGetsOneCallInTwentyNotEveryOther() {
    AtomicLong now = new AtomicLong();
    LatencyTracker latencies = new LatencyTracker(0.3, now::get);
    Target slow = target(openai, "gpt-4o");
    Target fast = target(anthropic, "claude-sonnet");
    latencies.record(slow.id(), false, Duration.ofMillis(900).toNanos());
    latencies.record(fast.id(), false, Duration.ofMillis(200).toNanos());
    LeastLatencyRouter router = new LeastLatencyRouter(latencies);

    int toSlow = 0;
    for (int call = 0; call < 60; call++) {
      now.addAndGet(Duration.ofSeconds(60).toNanos()); // a call a minute: every average is always older than 30 s
      Target first = router.plan(List.of(slow, fast), request).getFirst();
      if (first.equals(slow)) toSlow++;
      latencies.record(first.id(), false, Duration.ofMillis(first.equals(slow) ? 900 : 200).toNanos());
    }

    assertThat(toSlow).isBetween(2, 3);
  }

  /** {@code target} answered {@code times} calls in {@code took} each. */
  private static void served(LatencyTracker latencies, Target target, Duration took, long times) {
    for (long i = 0; i < times; i++) latencies.record(target.id(), false, took.toNanos());
  }

  @Test
  void ofSeveralStaleTargetsTheOneMeasuredLongestAgoIsRefreshedFirst() {
    AtomicLong now = new AtomicLong();
    LatencyTracker latencies = new LatencyTracker(0.3, now::get);
    Target fast = target(openai, "gpt-4o");
    Target middle = target(anthropic, "claude-sonnet");
    Target slow = target(mistral, "large");
    latencies.record(slow.id(), false, Duration.ofMillis(900).toNanos());
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    latencies.record(middle.id(), false, Duration.ofMillis(500).toNanos());
    served(latencies, fast, Duration.ofMillis(100), LeastLatencyRouter.REFRESH_EVERY_ANSWERS);
    LeastLatencyRouter router = new LeastLatencyRouter(latencies);
    now.addAndGet(Duration.ofSeconds(40).toNanos());

    assertThat(router.plan(List.of(fast, middle, slow), request)).containsExactly(slow, fast, middle);
    assertThat(router.plan(List.of(fast, middle, slow), request)).containsExactly(middle, fast, slow);
    assertThat(router.plan(List.of(fast, middle, slow), request)).containsExactly(fast, middle, slow);
  }

  @Test
  void streamsAreOrderedByTimeToFirstTokenAndWholeAnswersByTheirOwnLatency() {
    LatencyTracker latencies = new LatencyTracker(0.3);
    Target quickToStart = target(openai, "gpt-4o");
    Target quickToFinish = target(anthropic, "claude-sonnet");
    latencies.record(quickToStart.id(), true, Duration.ofMillis(100).toNanos());
    latencies.record(quickToStart.id(), false, Duration.ofSeconds(5).toNanos());
    latencies.record(quickToFinish.id(), true, Duration.ofMillis(300).toNanos());
    latencies.record(quickToFinish.id(), false, Duration.ofSeconds(1).toNanos());
    LeastLatencyRouter router = new LeastLatencyRouter(latencies);

    assertThat(router.plan(List.of(quickToFinish, quickToStart), streamingRequest("smart")))
        .containsExactly(quickToStart, quickToFinish);
    assertThat(router.plan(List.of(quickToStart, quickToFinish), request))
        .containsExactly(quickToFinish, quickToStart);
  }

  @Test
  void aCallSentToRefreshAStaleTargetUpdatesItsAverage() {
    AtomicLong now = new AtomicLong();
    LatencyTracker latencies = new LatencyTracker(0.5, now::get);
    latencies.record("openai/gpt-4o", false, Duration.ofSeconds(9).toNanos());
    served(latencies, target(anthropic, "claude-sonnet"), Duration.ofMillis(1), LeastLatencyRouter.REFRESH_EVERY_ANSWERS);
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    try (Gateway gateway = Gateway.builder().latencies(latencies).sleeper(new FakeSleeper())
        .model(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
            .router(new LeastLatencyRouter(latencies)).build())
        .build()) {
      Call call = gateway.open(request, "trace", Map.of());
      gateway.execute(call, request);

      assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
      assertThat(latencies.average("openai/gpt-4o", false)).isLessThan(Duration.ofSeconds(9).toNanos());
      assertThat(latencies.average("openai/gpt-4o", true)).as("a stream's average is another").isEqualTo(-1);
    }
  }
}
