package dev.apprentice.server.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.TokenIds;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.AttemptRecord;
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
import org.junit.jupiter.api.Test;

/**
 * An embedding attempt given up after its request was sent (timed out, abandoned by a client that left, an answer
 * that could not be read) is booked as a chat attempt is: its inputs counted locally, at its own target's input price,
 * estimated; the attempt that answered carries the answer's cost, which is what it was before.
 */
class EmbeddingGivenUpAttemptsTest {

  /** $0.02 and $0.13 per million input tokens (the built-in price table). */
  private static final double SMALL_USD = 0.02e-6;
  private static final double LARGE_USD = 0.13e-6;
  private static final double CENT_FRACTION = 1e-15;
  private static final List<String> INPUTS = List.of("where is my card", "and when does it arrive");

  private final FakeProvider one = new FakeProvider("one");
  private final FakeProvider two = new FakeProvider("two");
  private final Target large = new Target(one, "text-embedding-3-large", 1);
  private final Target small = new Target(two, "text-embedding-3-small", 1);
  private final ModelRoute route = new ModelRoute("embed", new FallbackRouter(), List.of(large, small), 0,
      Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(1),
      new Breakers.Policy(50, 100, Duration.ofSeconds(30)));
  private final TokenEstimator estimator = new TokenEstimator();
  private final List<TraceRecord> traces = new ArrayList<>();
  private final EmbeddingCalls calls = new EmbeddingCalls(new RateLimiter(), new BudgetLedger(),
      new Pricing(PriceTable.builtIn(), Map.of()), estimator, traces::add, model -> Capture.METADATA_ONLY);

  @AfterEach
  void close() {
    one.close();
    two.close();
  }

  private int counted(String upstreamModel) {
    int total = 0;
    for (String input : INPUTS) total += estimator.countText(input, upstreamModel);
    return total;
  }

  private static Attempt givenUp(Target target, Kind kind) {
    return new Attempt(target, kind, 0, "no answer", 1_000_000);
  }

  private static Attempt answered(Target target) {
    return new Attempt(target, null, 200, null, 1_000_000);
  }

  private static EmbeddingCalls.Started started(Caller caller) {
    return new EmbeddingCalls.Started("tr_embed", System.nanoTime(), caller, "embed", null, Map.of(), null,
        List.of());
  }

  @Test
  void aTimedOutFirstTargetIsBookedForItsInputsBesideTheAnswerOfTheSecond() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);

    call.answered("two", "text-embedding-3-small", 8, List.of(givenUp(large, Kind.TIMEOUT), answered(small)));

    TraceRecord trace = traces.getFirst();
    AttemptRecord timedOut = trace.attempts().get(0);
    assertThat(timedOut.costEstimated()).isTrue();
    assertThat(timedOut.inputTokens()).isEqualTo(counted("text-embedding-3-large"));
    assertThat(timedOut.outputTokens()).isZero();
    assertThat(timedOut.costUsd()).as("at its own target's price")
        .isCloseTo(counted("text-embedding-3-large") * LARGE_USD, within(CENT_FRACTION));
    AttemptRecord answer = trace.attempts().get(1);
    assertThat(answer.costEstimated()).isFalse();
    assertThat(answer.inputTokens()).isEqualTo(8);
    assertThat(answer.costUsd()).isCloseTo(8 * SMALL_USD, within(CENT_FRACTION));
    assertThat(trace.tokens().input()).isEqualTo(counted("text-embedding-3-large") + 8);
    assertThat(trace.costUsd()).isCloseTo(timedOut.costUsd() + answer.costUsd(), within(CENT_FRACTION));
    assertThat(trace.usageEstimated()).isTrue();
  }

  @Test
  void anAnsweredCallWithoutAGivenUpAttemptCostsItsAnswerExactlyAsBefore() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);

    call.answered("one", "text-embedding-3-large", 8, List.of(answered(large)));

    TraceRecord trace = traces.getFirst();
    assertThat(trace.costUsd()).isEqualTo(new Pricing(PriceTable.builtIn(), Map.of()).cost(route,
        "text-embedding-3-large", new dev.apprentice.api.trace.Tokens(8, 0, 0, 0, 0)));
    assertThat(trace.tokens().input()).isEqualTo(8);
    assertThat(trace.usageEstimated()).isFalse();
    assertThat(trace.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.costUsd()).as("the answering attempt carries the answer's cost").isEqualTo(trace.costUsd());
      assertThat(attempt.costEstimated()).isFalse();
    });
  }

  @Test
  void aCallWhoseClientLeftIsBookedForTheInputsOfTheAttemptItAbandoned() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);

    call.departed(null, null, 0, List.of(givenUp(large, Kind.CANCELLED)));

    TraceRecord trace = traces.getFirst();
    assertThat(trace.status()).isEqualTo(499);
    assertThat(trace.attempts().getFirst().costEstimated()).isTrue();
    assertThat(trace.costUsd()).isCloseTo(counted("text-embedding-3-large") * LARGE_USD, within(CENT_FRACTION));
  }

  @Test
  void errorAnswersAndRequestsNeverSentAreBookedAtNothing() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);
    Attempt serverError = new Attempt(large, Kind.SERVER_ERROR, 500, "busy", 1_000_000);
    Attempt notSent = new Attempt(small, Kind.TIMEOUT, 0, "deadline passed", 0, false);

    call.failed(new GatewayException(ErrorCode.UPSTREAM_ERROR, "every target failed"), List.of(serverError, notSent));

    TraceRecord trace = traces.getFirst();
    assertThat(trace.attempts()).allSatisfy(attempt -> assertThat(attempt.costUsd()).isZero());
    assertThat(trace.costUsd()).isZero();
    assertThat(trace.tokens().total()).isZero();
    assertThat(trace.usageEstimated()).isFalse();
  }

  @Test
  void tokenIdsAreBookedAsTheyWereCounted() {
    TokenIds ids = new TokenIds(List.of(new int[] {1, 2, 3}, new int[] {4, 5}), true);
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, List.of(), ids);

    call.failed(new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "timed out"), List.of(givenUp(large, Kind.TIMEOUT)));

    assertThat(traces.getFirst().attempts().getFirst().inputTokens()).isEqualTo(5);
  }

  @Test
  void aTenantWhoseTokensPerMinuteWentOnGivenUpAttemptsIsRefused() {
    int reserved = counted("text-embedding-3-large"); // what a call reserves: the first target's count
    int givenUp = counted("text-embedding-3-large") + counted("text-embedding-3-small");
    Caller caller = new Caller(null, "acme", new Limits(null, givenUp + reserved - 1, null, null));
    EmbeddingCalls.Open first = calls.open(started(caller), route, INPUTS);

    first.failed(new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "every attempt timed out"),
        List.of(givenUp(large, Kind.TIMEOUT), givenUp(small, Kind.TIMEOUT)));

    assertThat(traces.getFirst().tokens().input()).isEqualTo(givenUp);
    assertThatThrownBy(() -> calls.open(started(caller), route, INPUTS))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));
  }
}
