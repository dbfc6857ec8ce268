package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamFailAfter;
import static dev.apprentice.testing.FakeProvider.streamStallAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import dev.apprentice.api.trace.SkippedTarget;
import org.junit.jupiter.api.Test;

class CircuitBreakerRoutingTest {

  /** Opens after two calls when at least half failed; stays open briefly so the test can watch it half-open. */
  private static final Breakers.Policy STRICT = new Breakers.Policy(50, 2, Duration.ofMillis(300));

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final FakeSleeper sleeper = new FakeSleeper();
  private final Random seeded = new Random(3);
  private Gateway gateway;

  @AfterEach
  void closeGateway() {
    if (gateway != null) gateway.close();
    openai.close();
    anthropic.close();
  }

  private void gateway(TestRoutes... routes) {
    Gateway.Builder builder = Gateway.builder().sleeper(sleeper).random(() -> seeded);
    for (TestRoutes r : routes) builder.model(r.build());
    gateway = builder.build();
  }

  private TestRoutes smart() {
    return route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet")).breaker(STRICT);
  }

  private Call run(String model) {
    ChatRequest request = request(model);
    Call call = gateway.open(request, "trace", Map.of());
    gateway.execute(call, request);
    return call;
  }

  /** Streams a call of {@code model} and reads it to its end or its failure; returns the call. */
  private Call streamToTheEnd(String model) {
    ChatRequest request = TestRoutes.streamingRequest(model);
    Call call = gateway.open(request, "trace", Map.of());
    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
    try (var rest = streaming.rest()) {
      while (rest.next() != null) {
        // read on
      }
    } catch (ProviderException e) {
      // the failure reached the reader
    }
    return call;
  }

  @Test
  void aTargetWhoseStreamsAlwaysBreakAfterTheirFirstTokenOpensItsCircuit() {
    // each broken stream is one failure (not a success at its first token and a failure after it): 100% > 60%
    gateway(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
        .breaker(new Breakers.Policy(60, 4, Duration.ofSeconds(30))));
    openai.byDefault(streamFailAfter(1, Kind.SERVER_ERROR));
    for (int i = 0; i < 4; i++) {
      assertThat(streamToTheEnd("smart").servedBy()).isEqualTo("openai/gpt-4o");
    }

    Call fifth = streamToTheEnd("smart");

    assertThat(fifth.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(4);
  }

  @Test
  void aHalfOpenTrialStreamThatBreaksAfterItsFirstTokenOpensTheCircuitAgain() throws InterruptedException {
    gateway(smart());
    openai.then(fail(Kind.SERVER_ERROR, 500, null), fail(Kind.SERVER_ERROR, 500, null),
        streamFailAfter(1, Kind.SERVER_ERROR));
    run("smart");
    run("smart");
    Thread.sleep(STRICT.openFor().plusMillis(150));

    assertThat(streamToTheEnd("smart").servedBy()).as("the trial").isEqualTo("openai/gpt-4o");

    assertThat(streamToTheEnd("smart").servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(3);
  }

  /** Opens openai's circuit with two failures, waits it half-open, and starts the trial: a stream not yet read. */
  private Outcome.Streaming halfOpenTrialStream() throws Exception {
    gateway(smart());
    openai.then(fail(Kind.SERVER_ERROR, 500, null), fail(Kind.SERVER_ERROR, 500, null));
    openai.byDefault(FakeProvider.streamReply("a", "b", "c"));
    run("smart");
    run("smart");
    Thread.sleep(STRICT.openFor().plusMillis(150));
    ChatRequest request = TestRoutes.streamingRequest("smart");
    Outcome.Streaming trial = (Outcome.Streaming) gateway.execute(gateway.open(request, "trace", Map.of()), request);
    return trial;
  }

  @Test
  void aHalfOpenTrialStreamHoldsItsPermissionUntilItEndsThenClosesTheCircuit() throws Exception {
    Outcome.Streaming trial = halfOpenTrialStream();

    assertThat(streamToTheEnd("smart").servedBy()).as("while the trial runs").isEqualTo("anthropic/claude-sonnet");
    try (var rest = trial.rest()) {
      while (rest.next() != null) {
        // read the trial to its end
      }
    }
    assertThat(streamToTheEnd("smart").servedBy()).as("once the trial ended").isEqualTo("openai/gpt-4o");
  }

  @Test
  void aBrokenStreamCountsAsOneFailureHoweverOftenItsReaderAsksAgain() throws ProviderException {
    // three outcomes open the circuit: one broken stream read three times is one of them
    gateway(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
        .breaker(new Breakers.Policy(60, 3, Duration.ofSeconds(30))));
    openai.byDefault(streamFailAfter(1, Kind.SERVER_ERROR));
    ChatRequest request = TestRoutes.streamingRequest("smart");
    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(gateway.open(request, "trace", Map.of()), request);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> streaming.rest().next()).isInstanceOf(ProviderException.class);
    }
    streaming.rest().close();

    assertThat(streamToTheEnd("smart").servedBy()).isEqualTo("openai/gpt-4o");
  }

  @Test
  void aStreamThatRunsOutOfItsCallsOwnTimeAfterItsFirstTokenSaysNothingAboutHealth() {
    gateway(smart()); // one failure in two would open it
    openai.byDefault(streamFailAfter(1, Kind.TIMEOUT));
    streamToTheEnd("smart");

    assertThat(streamToTheEnd("smart").servedBy()).as("the circuit stayed closed").isEqualTo("openai/gpt-4o");
  }

  @Test
  void streamsTheClientClosesMidwaySayNothingAboutHealth() {
    gateway(smart());
    openai.byDefault(streamStallAfter(1));
    for (int i = 0; i < 3; i++) {
      ChatRequest request = TestRoutes.streamingRequest("smart");
      Call call = gateway.open(request, "trace", Map.of());
      Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
      streaming.rest().close();
      assertThatThrownBy(() -> streaming.rest().next()).isInstanceOf(ProviderException.class);
      assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    }

    assertThat(openai.calls()).isEqualTo(3);
  }

  @Test
  void aStreamWhoseReadFailsOnceItsCallWasCancelledSaysNothingAboutHealth() {
    // a step that reads on before the answer begins (the output guard's read ahead, Call.cancellable) is interrupted
    // when the client leaves: its socket read then fails as a lost connection, which is the client's doing
    gateway(smart()); // one failure in two would open it
    openai.byDefault(streamFailAfter(1, Kind.CONNECTION));
    for (int i = 0; i < 2; i++) {
      ChatRequest request = TestRoutes.streamingRequest("smart");
      Call call = gateway.open(request, "trace", Map.of());
      Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
      call.cancel();
      assertThatThrownBy(() -> streaming.rest().next()).isInstanceOf(ProviderException.class)
          .extracting(e -> ((ProviderException) e).kind()).isEqualTo(Kind.CANCELLED);
      streaming.rest().close();
    }

    openai.byDefault(FakeProvider.streamReply("fine"));
    assertThat(streamToTheEnd("smart").servedBy()).as("the circuit stayed closed").isEqualTo("openai/gpt-4o");
  }

  @Test
  void timeoutsOfCallsThatWereNeverSentDoNotOpenTheCircuit() {
    AtomicBoolean deadlinePassed = new AtomicBoolean(true);
    gateway = Gateway.builder().sleeper(sleeper).random(() -> seeded).model(smart().build())
        .attemptInterceptor(chain -> {
          if (deadlinePassed.get() && chain.target().provider() == openai) {
            throw ProviderException.notSent(Kind.TIMEOUT, "openai: deadline passed before the call");
          }
          return chain.proceed(chain.request());
        })
        .build();
    run("smart");
    run("smart");
    deadlinePassed.set(false);

    assertThat(run("smart").servedBy()).isEqualTo("openai/gpt-4o");
  }

  /** Runs {@code model} once, expecting it to fail (every target timed out, say), and returns how it failed. */
  private GatewayException failing(String model) {
    ChatRequest request = request(model);
    Call call = gateway.open(request, "trace", Map.of());
    try {
      gateway.execute(call, request);
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("the call was answered");
  }

  @Test
  void aCallsFirstTryCutAtTheDefaultShareCountsAgainstTheTargetSoAHungTargetIsSkipped() {
    // no attempt_timeout_ms: openai's first try has half the call's time; no answer in that much is a health signal,
    // or a target that hangs would cost every call half its timeout, its circuit never opening
    gateway(smart());
    openai.byDefault(fail(Kind.TIMEOUT)); // no answer in the try's time (no HTTP status): cut by the gateway
    run("smart");
    run("smart");

    Call third = run("smart");

    assertThat(third.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).as("its circuit opened after two").isEqualTo(2);
    assertThat(third.details().skipped()).containsExactly(
        new SkippedTarget("openai", "gpt-4o", SkippedTarget.CIRCUIT_OPEN, null));
  }

  @Test
  void aTryCutAtTheModelsOwnAttemptTimeoutCountsAgainstTheTarget() {
    gateway(smart().attemptTimeout(Duration.ofSeconds(5)));
    openai.byDefault(fail(Kind.TIMEOUT));
    run("smart");
    run("smart");

    Call third = run("smart");

    assertThat(openai.calls()).isEqualTo(2);
    assertThat(third.details().skipped()).containsExactly(
        new SkippedTarget("openai", "gpt-4o", SkippedTarget.CIRCUIT_OPEN, null));
  }

  @Test
  void aTargetThatNeverAnswersInTheCallsWholeTimeOpensItsCircuit() {
    // a model's only target has the whole call: it hangs, whatever the call's budget
    gateway(route("solo", target(openai, "gpt-4o")).breaker(STRICT));
    openai.byDefault(fail(Kind.TIMEOUT));
    failing("solo");
    failing("solo");

    assertThat(failing("solo").code()).isEqualTo(ErrorCode.NO_HEALTHY_TARGET);
    assertThat(openai.calls()).isEqualTo(2);
  }

  @Test
  void whenEveryCircuitIsOpenTheRefusalSaysWhenTheFirstLetsATrialThrough() {
    gateway(route("solo", target(openai, "gpt-4o")).breaker(STRICT));
    openai.byDefault(fail(Kind.SERVER_ERROR));
    failing("solo");
    failing("solo");

    GatewayException refused = failing("solo");

    assertThat(refused.code()).isEqualTo(ErrorCode.NO_HEALTHY_TARGET);
    assertThat(refused.retryAfter()).as("at most the circuit's open time, 300 ms")
        .isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aRetryCutByWhatEarlierTriesLeftOfTheCallsTimeSaysNothingAboutHealth() {
    // opens only when every outcome seen is a failure: the 500 is one, the retry cut short must not be the second
    gateway(route("solo", target(openai, "gpt-4o")).retries(1)
        .breaker(new Breakers.Policy(100, 2, Duration.ofSeconds(30))));
    openai.then(fail(Kind.SERVER_ERROR, 500, null), fail(Kind.TIMEOUT));
    openai.byDefault(reply("fine"));
    failing("solo");

    assertThat(run("solo").servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(openai.calls()).isEqualTo(3);
  }

  @Test
  void aStreamWhoseFirstTokenWaitIsCutShortByTheCallsDeadlineSaysNothingAboutHealth() {
    // the retry's first-token wait is what the 500 left of a call shorter than ttft_timeout_ms, not ttft_timeout_ms
    gateway(route("solo", target(openai, "gpt-4o")).retries(1).timeout(Duration.ofSeconds(5))
        .ttft(Duration.ofSeconds(10)).breaker(new Breakers.Policy(100, 2, Duration.ofSeconds(30))));
    openai.then(fail(Kind.SERVER_ERROR, 500, null), fail(Kind.TIMEOUT));
    openai.byDefault(FakeProvider.streamReply("fine"));
    ChatRequest request = TestRoutes.streamingRequest("solo");
    assertThatThrownBy(() -> gateway.execute(gateway.open(request, "trace", Map.of()), request))
        .isInstanceOf(GatewayException.class);

    assertThat(streamToTheEnd("solo").servedBy()).isEqualTo("openai/gpt-4o");
  }

  @Test
  void aTargetWhoseCircuitOpenedIsSkipped() {
    gateway(smart());
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    run("smart");
    run("smart");

    Call third = run("smart");

    assertThat(openai.calls()).isEqualTo(2);
    assertThat(third.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(third.attempts()).extracting(a -> a.target().id()).containsExactly("anthropic/claude-sonnet");
  }

  @Test
  void aTargetSkippedForItsOpenCircuitIsInTheTraceDetailsButNotAnAttempt() {
    gateway(smart());
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    run("smart");
    run("smart");

    Call third = run("smart");

    assertThat(third.attempts()).hasSize(1);
    assertThat(third.details().skipped()).containsExactly(
        new SkippedTarget("openai", "gpt-4o", SkippedTarget.CIRCUIT_OPEN, null));
  }

  @Test
  void whenEveryCircuitIsOpenTheCallFailsWith503WithoutCallingAnyProvider() {
    gateway(smart());
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    anthropic.byDefault(fail(Kind.OVERLOADED, 529, null));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> run("smart")).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
    }

    assertThatThrownBy(() -> run("smart")).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.NO_HEALTHY_TARGET);
      assertThat(e.code().status()).isEqualTo(503);
      assertThat(e.getMessage()).contains("openai/gpt-4o").contains("anthropic/claude-sonnet");
    });
    assertThat(openai.calls()).isEqualTo(2);
    assertThat(anthropic.calls()).isEqualTo(2);
    assertThat(gateway.anyRoutable()).isFalse();
  }

  @Test
  void afterOpenForTheCircuitHalfOpensAndASuccessfulTrialClosesIt() throws InterruptedException {
    gateway(smart());
    openai.then(fail(Kind.SERVER_ERROR, 500, null), fail(Kind.SERVER_ERROR, 500, null));
    run("smart");
    run("smart");
    assertThat(run("smart").servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(2);

    Thread.sleep(STRICT.openFor().plusMillis(150));

    assertThat(run("smart").servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(run("smart").servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(openai.calls()).isEqualTo(4);
  }

  @Test
  void aFailedTrialWhileHalfOpenOpensTheCircuitAgain() throws InterruptedException {
    gateway(smart());
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    run("smart");
    run("smart");
    Thread.sleep(STRICT.openFor().plusMillis(150));

    Call trial = run("smart");
    Call after = run("smart");

    assertThat(trial.attempts()).extracting(a -> a.target().id()).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet");
    assertThat(after.attempts()).extracting(a -> a.target().id()).containsExactly("anthropic/claude-sonnet");
    assertThat(openai.calls()).isEqualTo(3);
  }

  @Test
  void invalidRequestsSayNothingAboutHealthAndDoNotOpenTheCircuit() {
    gateway(smart());
    openai.then(fail(Kind.INVALID_REQUEST, 400, null), fail(Kind.INVALID_REQUEST, 400, null),
        fail(Kind.INVALID_REQUEST, 400, null));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> run("smart")).isInstanceOf(GatewayException.class);
    }

    assertThat(run("smart").servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(openai.calls()).isEqualTo(4);
  }

  @Test
  void aCircuitBelongsToTheUpstreamSoEveryAliasRoutingThereSkipsIt() {
    gateway(smart(), route("fast", target(openai, "gpt-4o"), target(anthropic, "claude-haiku")).breaker(STRICT));
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    run("smart");
    run("smart");

    Call viaOtherAlias = run("fast");

    assertThat(viaOtherAlias.servedBy()).isEqualTo("anthropic/claude-haiku");
    assertThat(openai.calls()).isEqualTo(2);
  }

  @Test
  void aTrialThatEndsInAnUnexpectedErrorDoesNotWedgeTheHalfOpenCircuit() throws InterruptedException {
    assertTheCircuitRecoversAfterATrialThatThrows(new IllegalStateException("a faulty attempt step"));
  }

  @Test
  void aTrialThatEndsInAnErrorSuchAsAStackOverflowDoesNotWedgeTheHalfOpenCircuit() throws InterruptedException {
    assertTheCircuitRecoversAfterATrialThatThrows(new StackOverflowError());
  }

  /** Opens the circuit, lets its half-open trial die of {@code failure}, then expects the next call to be served. */
  private void assertTheCircuitRecoversAfterATrialThatThrows(Throwable failure) throws InterruptedException {
    AtomicBoolean breakNextAttempt = new AtomicBoolean();
    gateway = Gateway.builder().sleeper(sleeper).random(() -> seeded).model(smart().build())
        .attemptInterceptor(chain -> {
          if (breakNextAttempt.getAndSet(false)) throw sneaky(failure);
          return chain.proceed(chain.request());
        })
        .build();
    openai.then(fail(Kind.SERVER_ERROR, 500, null), fail(Kind.SERVER_ERROR, 500, null));
    run("smart");
    run("smart");
    Thread.sleep(STRICT.openFor().plusMillis(150));
    breakNextAttempt.set(true);
    assertThatThrownBy(() -> run("smart")).isSameAs(failure);

    assertThat(run("smart").servedBy()).isEqualTo("openai/gpt-4o");
  }

  /** Throws a RuntimeException or an Error as it is (an attempt step may throw either). */
  private static RuntimeException sneaky(Throwable failure) {
    if (failure instanceof Error error) throw error;
    return (RuntimeException) failure;
  }

  @Test
  void onceOpenForHasPassedTheGatewayCountsAsRoutableAgainBeforeAnyCallArrives() throws InterruptedException {
    gateway(smart());
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    anthropic.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> run("smart")).isInstanceOf(GatewayException.class);
    }
    assertThat(gateway.anyRoutable()).isFalse();

    Thread.sleep(STRICT.openFor().plusMillis(150));

    assertThat(gateway.anyRoutable()).isTrue();
  }

  @Test
  void aHalfOpenTrialStreamItsReaderClosesEarlyLetsTheNextCallBeANewTrial() throws Exception {
    Outcome.Streaming trial = halfOpenTrialStream();

    trial.rest().close();

    assertThat(streamToTheEnd("smart").servedBy()).as("a new trial").isEqualTo("openai/gpt-4o");
    assertThat(openai.calls()).isEqualTo(4);
  }
}
