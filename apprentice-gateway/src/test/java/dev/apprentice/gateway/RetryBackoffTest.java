package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.RetryBudget;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final FakeSleeper sleeper = new FakeSleeper();
  private final Random seeded = new Random(42);
  private Gateway gateway;

  @AfterEach
  void closeGateway() {
    if (gateway != null) gateway.close();
    openai.close();
    anthropic.close();
  }

  private Call run(TestRoutes route, Duration maxBackoff) {
    gateway = Gateway.builder().model(route.build()).sleeper(sleeper).random(() -> seeded).maxBackoff(maxBackoff)
        .build();
    ChatRequest request = request("smart");
    Call call = gateway.open(request, "trace", Map.of());
    gateway.execute(call, request);
    return call;
  }

  private TestRoutes smart() {
    return route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"));
  }

  @Test
  void waitsBetweenRetriesGrowExponentiallyWithJitterBetweenHalfAndAllOfEachStep() {
    openai.then(fail(Kind.SERVER_ERROR, 500, null), fail(Kind.SERVER_ERROR, 500, null),
        fail(Kind.SERVER_ERROR, 500, null), reply("fourth try"));

    Call call = run(smart().retries(3).backoff(Duration.ofMillis(100)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(sleeper.sleeps()).hasSize(3);
    for (int n = 0; n < 3; n++) {
      Duration step = Duration.ofMillis(100L << n);
      assertThat(sleeper.sleeps().get(n)).isBetween(step.dividedBy(2), step);
    }
  }

  @Test
  void theJitterSpreadsWaitsOverTheWholeUpperHalfOfTheStep() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), () -> seeded);
    Duration base = Duration.ofMillis(200);
    Set<Long> distinct = new HashSet<>();
    long lowest = Long.MAX_VALUE;
    long highest = 0;
    for (int i = 0; i < 2_000; i++) {
      long wait = backoff.delay(1, base, null).toMillis();
      distinct.add(wait);
      lowest = Math.min(lowest, wait);
      highest = Math.max(highest, wait);
    }
    assertThat(lowest).isBetween(200L, 210L);
    assertThat(highest).isBetween(390L, 400L);
    assertThat(distinct).hasSizeGreaterThan(100);
  }

  @Test
  void theWaitIsCappedAtTheMaximumBackoff() {
    openai.then(fail(Kind.OVERLOADED), fail(Kind.OVERLOADED), fail(Kind.OVERLOADED), fail(Kind.OVERLOADED),
        reply("fifth try"));

    run(smart().retries(4).backoff(Duration.ofMillis(400)), Duration.ofSeconds(1));

    assertThat(sleeper.sleeps()).hasSize(4).allSatisfy(wait -> assertThat(wait).isBetween(
        Duration.ofMillis(200), Duration.ofSeconds(1)));
    assertThat(sleeper.sleeps().get(3)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aRetryAfterRaisesTheWaitToAtLeastItsValue() {
    openai.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(7)), reply("after waiting"));

    Call call = run(smart().retries(1).backoff(Duration.ofMillis(100)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(anthropic.calls()).isZero();
  }

  @Test
  void aRetryAfterShorterThanTheBackoffDoesNotShortenTheWait() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), () -> seeded);

    Duration wait = backoff.delay(2, Duration.ofSeconds(1), Duration.ofMillis(10));

    assertThat(wait).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void aRetryAfterLongerThanThirtySecondsFailsOverWithoutWaiting() {
    openai.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(31)), reply("should not be asked again"));

    Call call = run(smart().retries(2).timeout(Duration.ofMinutes(5)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aRetryAfterOfExactlyThirtySecondsIsStillHonoured() {
    openai.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(30)), reply("waited"));

    Call call = run(smart().retries(1).timeout(Duration.ofMinutes(5)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aWaitThatWouldPassTheDeadlineFailsOverInstead() {
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));

    Call call = run(smart().retries(2).backoff(Duration.ofSeconds(4)).timeout(Duration.ofSeconds(1)),
        Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aRetryAfterThatWouldPassTheDeadlineFailsOverInstead() {
    openai.byDefault(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(5)));

    Call call = run(smart().retries(2).timeout(Duration.ofSeconds(2)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aRetryAfterThatWouldUseMostOfTheTimeLeftFailsOverWhileAnotherTargetRemains() {
    openai.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(9)), reply("should not be asked again"));

    Call call = run(smart().retries(1).timeout(Duration.ofSeconds(10)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aRetryAfterThatWouldUseMostOfTheTimeLeftIsStillWaitedForWhenNoOtherTargetRemains() {
    openai.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(9)), reply("waited"));

    Call call = run(route("smart", target(openai, "gpt-4o")).retries(1).timeout(Duration.ofSeconds(10)),
        Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void aRetryAfterThatLeavesMoreThanHalfTheTimeLeftIsWaitedForEvenWithAnotherTarget() {
    openai.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(4)), reply("waited"));

    Call call = run(smart().retries(1).timeout(Duration.ofSeconds(10)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(4));
  }

  @Test
  void aRetryWhoseWaitAndATryAsLongAsTheLastWouldTakeMoreThanHalfTheTimeLeftFailsOverInstead() {
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null).after(Duration.ofMillis(400)));

    Call call = run(smart().retries(2).timeout(Duration.ofSeconds(1)), Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aSlowFailureOfTheLastTargetIsStillRetriedWhileTheWaitFitsBeforeTheDeadline() {
    openai.then(fail(Kind.SERVER_ERROR, 500, null).after(Duration.ofMillis(400)), reply("second try"));

    Call call = run(route("smart", target(openai, "gpt-4o")).retries(1).timeout(Duration.ofSeconds(1)),
        Duration.ofSeconds(10));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(sleeper.sleeps()).hasSize(1);
  }

  @Test
  void aRetryThatFailsOverInsteadOfWaitingIsNotChargedToTheRetryBudget() {
    RetryBudget budget = new RetryBudget(0, 0.1, () -> 0L); // one retry per ten seconds
    gateway = Gateway.builder().sleeper(sleeper).random(() -> seeded).retryBudget(budget)
        .model(smart().retries(1).timeout(Duration.ofMinutes(5)).build()).build();
    openai.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(31)), fail(Kind.SERVER_ERROR, 500, null),
        reply("the retry"));
    ChatRequest request = request("smart");
    Call waitedTooLong = gateway.open(request, "trace", Map.of());
    gateway.execute(waitedTooLong, request);
    assertThat(waitedTooLong.servedBy()).isEqualTo("anthropic/claude-sonnet");

    Call retried = gateway.open(request, "trace", Map.of());
    gateway.execute(retried, request);

    assertThat(retried.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(budget.refused()).isZero();
  }
}
