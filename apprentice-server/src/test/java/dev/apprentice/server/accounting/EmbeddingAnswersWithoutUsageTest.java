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
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Attempt;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An embedding answer whose upstream reported no usage (older vLLM, Ollama and llama.cpp builds leave it out) is
 * booked for the call's inputs, counted as the call's TPM and budget reservation counts them for the answering
 * target's upstream model, at that target's input price, estimated; an answer that reports usage, 0 included, is
 * booked at what it reported.
 */
class EmbeddingAnswersWithoutUsageTest extends TwoEmbeddingTargets {

  @Test
  void anAnswerWithoutUsageIsBookedForTheInputsAsTheAnsweringModelCountsThemEstimated() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);
    Attempt serverError = new Attempt(large, Kind.SERVER_ERROR, 500, "busy", 1_000_000);

    int booked = call.answered("two", "text-embedding-3-small", null, List.of(serverError, answered(small)));

    int tokens = counted("text-embedding-3-small");
    assertThat(tokens).isPositive();
    assertThat(booked).as("what the answer's usage tells the client").isEqualTo(tokens);
    TraceRecord trace = traces.getFirst();
    assertThat(trace.attempts().getFirst().costUsd()).as("an error answer").isZero();
    AttemptRecord answer = trace.attempts().get(1);
    assertThat(answer.inputTokens()).isEqualTo(tokens);
    assertThat(answer.costUsd()).isCloseTo(tokens * SMALL_USD, within(CENT_FRACTION));
    assertThat(answer.costEstimated()).isTrue();
    assertThat(trace.tokens().input()).isEqualTo(tokens);
    assertThat(trace.costUsd()).isCloseTo(tokens * SMALL_USD, within(CENT_FRACTION));
    assertThat(trace.usageEstimated()).isTrue();
  }

  @Test
  void anAnswerThatReportsNoTokensUsedIsBookedAtNothingAndNotEstimated() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);

    int booked = call.answered("one", "text-embedding-3-large", 0, List.of(answered(large)));

    TraceRecord trace = traces.getFirst();
    assertThat(booked).isZero();
    assertThat(trace.tokens().total()).isZero();
    assertThat(trace.costUsd()).isZero();
    assertThat(trace.usageEstimated()).isFalse();
    assertThat(trace.attempts().getFirst().costEstimated()).isFalse();
  }

  @Test
  void anAnswerThatReportsUsageIsBookedAtItsNumbersExactly() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);

    int booked = call.answered("two", "text-embedding-3-small", 8, List.of(answered(small)));

    TraceRecord trace = traces.getFirst();
    double cost = pricing.cost(route, "text-embedding-3-small", new Tokens(8, 0, 0, 0, 0));
    assertThat(booked).isEqualTo(8);
    assertThat(trace.tokens().input()).isEqualTo(8);
    assertThat(trace.costUsd()).isEqualTo(cost);
    assertThat(trace.usageEstimated()).isFalse();
    assertThat(trace.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.inputTokens()).isEqualTo(8);
      assertThat(attempt.costUsd()).isEqualTo(cost);
      assertThat(attempt.costEstimated()).isFalse();
    });
  }

  @Test
  void tokenIdsOfAnAnswerWithoutUsageAreCountedAsTheyAre() {
    TokenIds ids = new TokenIds(List.of(new int[] {1, 2, 3}, new int[] {4, 5}), true);
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, List.of(), ids);

    call.answered("two", "text-embedding-3-small", null, List.of(answered(small)));

    assertThat(traces.getFirst().attempts().getFirst().inputTokens()).isEqualTo(5);
    assertThat(traces.getFirst().tokens().input()).isEqualTo(5);
  }

  @Test
  void aCallWhoseClientLeftAfterAnAnswerWithoutUsageIsBookedForItsInputs() {
    EmbeddingCalls.Open call = calls.open(started(Caller.ANONYMOUS), route, INPUTS);

    call.departed("two", "text-embedding-3-small", null, List.of(answered(small)));

    TraceRecord trace = traces.getFirst();
    assertThat(trace.status()).isEqualTo(499);
    assertThat(trace.tokens().input()).isEqualTo(counted("text-embedding-3-small"));
    assertThat(trace.usageEstimated()).isTrue();
    assertThat(trace.attempts().getFirst().costEstimated()).isTrue();
  }

  @Test
  void aTenantWhoseTokensPerMinuteWentOnAnswersWithoutUsageIsRefused() {
    int reserved = counted("text-embedding-3-large"); // what a call reserves: the first target's count
    int answer = counted("text-embedding-3-small");
    Caller caller = new Caller(null, "acme", new Limits(null, answer + reserved - 1, null, null));
    EmbeddingCalls.Open first = calls.open(started(caller), route, INPUTS);

    first.answered("two", "text-embedding-3-small", null, List.of(answered(small)));

    assertThatThrownBy(() -> calls.open(started(caller), route, INPUTS))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));
  }
}
