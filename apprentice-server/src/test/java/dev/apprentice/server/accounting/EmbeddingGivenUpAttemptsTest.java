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
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.routing.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An embedding attempt given up after its request was sent (timed out, abandoned by a client that left, an answer
 * that could not be read) is booked as a chat attempt is: its inputs counted locally, at its own target's input price,
 * estimated; the attempt that answered carries the answer's cost, which is what it was before.
 */
class EmbeddingGivenUpAttemptsTest extends TwoEmbeddingTargets {

  private static Attempt givenUp(Target target, Kind kind) {
    return new Attempt(target, kind, 0, "no answer", 1_000_000);
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
