package dev.apprentice.server.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.limits.BudgetLedger;
import dev.apprentice.gateway.limits.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An embeddings call ends once: its reservation is given back when it fails or is refused once its guard read it, and
 * a second end changes nothing.
 */
class EmbeddingCallsEndTest {

  /** A tenant allowed 20 tokens a minute: one 15-token call at a time. */
  private static final Caller CALLER = new Caller(null, "acme", new Limits(null, 20, null, null));
  private static final List<String> FIFTEEN_TOKENS = List.of("one two three four five six seven eight nine ten "
      + "eleven twelve thirteen fourteen fifteen");
  private static final String TEN_TOKENS = "one two three four five six seven eight nine ten";
  private static final String FIVE_TOKENS = "one two three four five";

  private final List<TraceRecord> traces = new ArrayList<>();
  private final EmbeddingCalls calls = new EmbeddingCalls(new RateLimiter(), new BudgetLedger(),
      new Pricing(PriceTable.builtIn(), Map.of()), new TokenEstimator(), traces::add, model -> Capture.FULL);

  @Test
  void aFailedCallGivesItsTokensBackAndASecondEndIsIgnored() {
    EmbeddingCalls.Open first = calls.open(started("tr_1"), null, FIFTEEN_TOKENS);
    GatewayException failure = new GatewayException(ErrorCode.UPSTREAM_ERROR, "every target failed");

    first.failed(failure, List.of());
    first.failed(failure, List.of());
    first.answered("local", "m", 15, List.of());
    EmbeddingCalls.Open second = calls.open(started("tr_2"), null, FIFTEEN_TOKENS);

    assertThat(second).as("the first call's 15 tokens were given back").isNotNull();
    assertThat(traces).extracting(TraceRecord::id).containsExactly("tr_1");
    assertThat(traces.getFirst().status()).isEqualTo(502);
  }

  @Test
  void anAnsweredCallKeepsItsTokensSoTheNextOneOverTheLimitIsRefusedAndTraced() {
    calls.open(started("tr_1"), null, FIFTEEN_TOKENS).answered("local", "m", 15, List.of());

    assertThatThrownBy(() -> calls.open(started("tr_2"), null, FIFTEEN_TOKENS))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));
    assertThat(traces).extracting(TraceRecord::status).containsExactly(200, 429);
  }

  @Test
  void inputsTheGuardLengthenedAreReservedThenAndACallTheyNoLongerFitIsRefusedAndGivesItsTokensBack() {
    EmbeddingCalls.Open held = calls.open(started("tr_1"), null, List.of(TEN_TOKENS));
    EmbeddingCalls.Open growing = calls.open(started("tr_2"), null, List.of(FIVE_TOKENS));

    assertThatThrownBy(() -> growing.checked(started("tr_2"), FIFTEEN_TOKENS))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));

    assertThat(traces).extracting(TraceRecord::id, TraceRecord::status).containsExactly(tuple("tr_2", 429));
    held.answered("local", "m", 10, List.of());
    assertThat(calls.open(started("tr_3"), null, List.of(TEN_TOKENS))).as("the refused call gave back its 5 tokens")
        .isNotNull();
  }

  @Test
  void aCallTheGuardBlockedIsTracedAsBlockedAndGivesItsTokensBack() {
    EmbeddingCalls.Open blocked = calls.open(started("tr_1"), null, FIFTEEN_TOKENS);

    blocked.blocked(started("tr_1"), new GatewayException(ErrorCode.CONTENT_BLOCKED, "a secret"));

    assertThat(traces).extracting(TraceRecord::id, TraceRecord::status).containsExactly(tuple("tr_1", 422));
    assertThat(calls.open(started("tr_2"), null, FIFTEEN_TOKENS)).isNotNull();
  }

  private static EmbeddingCalls.Started started(String traceId) {
    return new EmbeddingCalls.Started(traceId, System.nanoTime(), CALLER, "m", null, Map.of(), null, List.of());
  }
}
