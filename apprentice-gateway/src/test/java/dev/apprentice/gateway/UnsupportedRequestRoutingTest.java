package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.UnsupportedRequestException;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.RetryBudget;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A target whose provider cannot translate a request is skipped for one that can, not the whole call refused. */
class UnsupportedRequestRoutingTest {

  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final FakeProvider openai = new FakeProvider("openai");
  /** What each provider's translation refuses, by provider: the parameter it names. */
  private final Map<FakeProvider, String> refuses = new HashMap<>();
  private final Random seeded = new Random(5);
  private Gateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) gateway.close();
    anthropic.close();
    openai.close();
  }

  /** A route anthropic → openai whose providers refuse what {@link #refuses} says, as a translation would. */
  private void gateway(Breakers.Policy breaker) {
    gateway(breaker, RetryBudget.UNLIMITED);
  }

  private void gateway(Breakers.Policy breaker, RetryBudget budget) {
    gateway = Gateway.builder().sleeper(new FakeSleeper()).random(() -> seeded).retryBudget(budget)
        .model(route("smart", target(anthropic, "claude-sonnet"), target(openai, "gpt-4o")).retries(2)
            .breaker(breaker).build())
        .attemptInterceptor(chain -> {
          String param = refuses.get((FakeProvider) chain.target().provider());
          if (param != null) throw new UnsupportedRequestException(param, chain.target().id() + " cannot do " + param);
          return chain.proceed(chain.request());
        })
        .build();
  }

  private Call run() {
    Call call = gateway.open(request("smart"), "trace", Map.of());
    gateway.execute(call, request("smart"));
    return call;
  }

  @Test
  void aTargetThatCannotServeTheRequestIsSkippedForOneThatCanWithoutARetry() {
    gateway(TestRoutes.LENIENT_BREAKER);
    refuses.put(anthropic, "n");

    Call call = run();

    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(call.attempts()).extracting(a -> a.target().id()).containsExactly("openai/gpt-4o");
  }

  @Test
  void aTargetThatCannotServeTheRequestIsInTheTraceDetailsWithItsRefusalButNotAnAttempt() {
    gateway(TestRoutes.LENIENT_BREAKER);
    refuses.put(anthropic, "n");

    Call call = run();

    assertThat(call.attempts()).hasSize(1);
    assertThat(call.details().skipped()).containsExactly(new SkippedTarget("anthropic", "claude-sonnet",
        SkippedTarget.UNSUPPORTED, "anthropic/claude-sonnet cannot do n"));
  }

  @Test
  void whenNoTargetCanServeTheRequestTheFirstRefusalIsAnswered400NamingItsParam() {
    gateway(TestRoutes.LENIENT_BREAKER);
    refuses.put(anthropic, "n");
    refuses.put(openai, "tools[0].type");

    assertThatThrownBy(this::run).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.param()).isEqualTo("n");
      assertThat(e.getMessage()).isEqualTo("anthropic/claude-sonnet cannot do n");
    });
    assertThat(anthropic.calls() + openai.calls()).isZero();
  }

  @Test
  void refusalsSayNothingAboutATargetsHealthAndDoNotOpenItsCircuit() {
    gateway(new Breakers.Policy(50, 2, Duration.ofSeconds(30)));
    refuses.put(anthropic, "n");
    for (int i = 0; i < 3; i++) run();
    refuses.clear();

    assertThat(run().servedBy()).isEqualTo("anthropic/claude-sonnet");
  }

  @Test
  void whenTheTargetsThatCouldServeItFailThe502AlsoNamesTheTargetsThatCouldNot() {
    gateway(TestRoutes.LENIENT_BREAKER);
    refuses.put(anthropic, "n");
    openai.byDefault(fail(Kind.AUTHENTICATION, 401, null));

    assertThatThrownBy(this::run).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
      assertThat(e.getMessage()).contains("openai/gpt-4o: AUTHENTICATION (HTTP 401)")
          .contains("cannot serve this request: anthropic/claude-sonnet (anthropic/claude-sonnet cannot do n)");
    });
  }

  @Test
  void aRefusalSendsNothingSoItEarnsTheTargetNoRetries() {
    RetryBudget budget = new RetryBudget(0.5, 0, () -> 0L); // a retry per two calls sent, none for free
    gateway(TestRoutes.LENIENT_BREAKER, budget);
    refuses.put(anthropic, "n");
    run(); // anthropic refused it, openai served it
    refuses.clear();
    anthropic.then(fail(Kind.SERVER_ERROR, 500, null));

    Call call = run();

    assertThat(call.servedBy()).as("one call sent to anthropic earns half a retry: none").isEqualTo("openai/gpt-4o");
    assertThat(anthropic.calls()).isEqualTo(1);
    assertThat(budget.refused()).isEqualTo(1);
  }
}
