package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.hang;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FallbackRoutingTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final FakeSleeper sleeper = new FakeSleeper();
  private Gateway gateway;

  @AfterEach
  void closeGateway() {
    if (gateway != null) gateway.close();
    openai.close();
    anthropic.close();
  }

  private Gateway gateway(ModelRoute route) {
    Random seeded = new Random(11);
    gateway = Gateway.builder().model(route).sleeper(sleeper).random(() -> seeded).build();
    return gateway;
  }

  private ModelRoute smart(int retries) {
    return route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet")).retries(retries).build();
  }

  private Call run(ChatRequest request) {
    Call call = gateway.open(request, "trace", Map.of());
    Outcome outcome = gateway.execute(call, request);
    assertThat(outcome).isInstanceOf(Outcome.Complete.class);
    return call;
  }

  @Test
  void theFirstTargetServesWhenItAnswersAndGetsTheUpstreamModelName() {
    gateway(smart(2));
    openai.then(reply("hi from openai"));
    Call call = gateway.open(request("smart"), "trace", Map.of());

    Outcome outcome = gateway.execute(call, request("smart"));

    assertThat(((Outcome.Complete) outcome).response().text()).isEqualTo("hi from openai");
    assertThat(openai.models()).containsExactly("gpt-4o");
    assertThat(anthropic.calls()).isZero();
    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(call.attempts()).singleElement().satisfies(a -> assertThat(a.succeeded()).isTrue());
  }

  @Test
  void aTargetThatFailsOnEveryTryIsRetriedPerTheRouteThenTheNextTargetServes() {
    gateway(smart(2));
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    anthropic.then(reply("hi from anthropic"));

    Call call = run(request("smart"));

    assertThat(openai.calls()).isEqualTo(3);
    assertThat(anthropic.calls()).isEqualTo(1);
    assertThat(anthropic.models()).containsExactly("claude-sonnet");
    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(call.attempts()).extracting(a -> a.target().id())
        .containsExactly("openai/gpt-4o", "openai/gpt-4o", "openai/gpt-4o", "anthropic/claude-sonnet");
    assertThat(call.attempts()).extracting(Attempt::failure)
        .containsExactly(Kind.SERVER_ERROR, Kind.SERVER_ERROR, Kind.SERVER_ERROR, null);
    assertThat(call.attempts().getFirst().status()).isEqualTo(500);
    assertThat(sleeper.sleeps()).hasSize(2);
  }

  @Test
  void aTargetThatRecoversOnARetryServesTheCallItself() {
    gateway(smart(2));
    openai.then(fail(Kind.OVERLOADED, 529, null), reply("second try"));

    Call call = run(request("smart"));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(call.attempts()).hasSize(2);
    assertThat(anthropic.calls()).isZero();
  }

  @Test
  void withNoRetriesEachTargetIsTriedOnce() {
    gateway(smart(0));
    openai.byDefault(fail(Kind.RATE_LIMITED, 429, null));

    Call call = run(request("smart"));

    assertThat(openai.calls()).isEqualTo(1);
    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void whenEveryTargetIsRateLimitedThe502SaysWhenTheSoonestUpstreamLetsCallsThrough() {
    gateway(smart(0));
    openai.byDefault(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(30)));
    anthropic.byDefault(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(7)));

    assertThatThrownBy(() -> run(request("smart"))).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
      assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(7));
    });
  }

  @Test
  void a502WhoseAttemptsFailedOtherwiseTooHasNoRetryAfter() {
    gateway(smart(0));
    openai.byDefault(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(30)));
    anthropic.byDefault(fail(Kind.SERVER_ERROR, 500, null));

    assertThatThrownBy(() -> run(request("smart"))).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
      assertThat(e.retryAfter()).isNull();
    });
  }

  @Test
  void anInvalidRequestFailsAtOnceWithoutRetryOrFallback() {
    gateway(smart(2));
    openai.byDefault(fail(Kind.INVALID_REQUEST, 400, null));

    assertThatThrownBy(() -> run(request("smart")))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(anthropic.calls()).isZero();
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void anAuthenticationFailureIsNotRetriedButFallsBack() {
    gateway(smart(2));
    openai.byDefault(fail(Kind.AUTHENTICATION, 401, null));

    Call call = run(request("smart"));

    assertThat(openai.calls()).isEqualTo(1);
    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void whenEveryTargetFailsTheCallFailsWith502SummarisingEachAttempt() {
    gateway(smart(1));
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    anthropic.byDefault(fail(Kind.AUTHENTICATION, 401, null));

    assertThatThrownBy(() -> run(request("smart"))).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
      assertThat(e.code().status()).isEqualTo(502);
      assertThat(e.getMessage())
          .contains("smart")
          .contains("openai/gpt-4o: SERVER_ERROR (HTTP 500)")
          .contains("anthropic/claude-sonnet: AUTHENTICATION (HTTP 401)");
      assertThat(e.getMessage().split("openai/gpt-4o: SERVER_ERROR", -1)).hasSize(3);
    });
  }

  @Test
  void whenEveryAttemptTimedOutTheCallFailsWith504AndOnlyTheLastTargetIsAskedAgain() {
    gateway(smart(1));
    openai.byDefault(fail(Kind.TIMEOUT));
    anthropic.byDefault(fail(Kind.TIMEOUT));

    assertThatThrownBy(() -> run(request("smart"))).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
      assertThat(e.code().status()).isEqualTo(504);
      assertThat(e.getMessage()).startsWith("every attempt at model 'smart' timed out: openai/gpt-4o: TIMEOUT");
    });
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(anthropic.calls()).isEqualTo(2);
  }

  @Test
  void whenTheDeadlinePassesTheCallFailsWith504EvenIfAnEarlierAttemptFailedOtherwise() {
    gateway(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
        .retries(2).timeout(Duration.ofMillis(300)).build());
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    anthropic.byDefault(hang());
    long start = System.nanoTime();

    assertThatThrownBy(() -> run(request("smart"))).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
      assertThat(e.getMessage()).contains("300 ms").contains("openai/gpt-4o: SERVER_ERROR");
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    assertThat(anthropic.calls()).isEqualTo(1);
  }

  @Test
  void aTargetThatNeverAnswersHasHalfTheTimeLeftSoThatTheNextTargetStillAnswers() {
    gateway(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
        .retries(2).timeout(Duration.ofMillis(600)).build());
    openai.byDefault(hang());
    anthropic.then(reply("rescued"));

    Call call = run(request("smart"));

    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.TIMEOUT, null);
  }

  @Test
  void anAttemptTimeoutEndsATryThatGetsNoAnswerAndTheNextTargetIsAskedAtOnce() {
    gateway(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
        .retries(2).attemptTimeout(Duration.ofSeconds(1)).build());
    openai.byDefault(hang());
    anthropic.then(reply("rescued"));

    Call call = run(request("smart"));

    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void theLastTargetIsAskedAgainAfterItsAttemptTimeoutWhileTimeRemains() {
    gateway(route("smart", target(openai, "gpt-4o")).retries(1).attemptTimeout(Duration.ofSeconds(1)).build());
    openai.then(hang(), reply("second try"));

    Call call = run(request("smart"));

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.TIMEOUT, null);
  }

  @Test
  void anUpstreamAnswering504BeforeTheDeadlineIsReportedAsATimedOutAttemptNotAsTheDeadlinePassing() {
    gateway(route("smart", target(openai, "gpt-4o")).build());
    openai.byDefault(fail(Kind.TIMEOUT, 504, null));

    assertThatThrownBy(() -> run(request("smart"))).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
      assertThat(e.getMessage())
          .doesNotContain("did not answer within")
          .startsWith("every attempt at model 'smart' timed out: ")
          .contains("openai/gpt-4o: TIMEOUT (HTTP 504)");
    });
  }

  @Test
  void anUnknownModelIsNotFoundWithParamModel() {
    gateway(smart(0));

    assertThatThrownBy(() -> gateway.open(request("dumb"), "trace", Map.of()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
          assertThat(e.param()).isEqualTo("model");
          assertThat(e.getMessage()).contains("dumb").contains("smart");
        });
    assertThat(openai.calls()).isZero();
  }
}
