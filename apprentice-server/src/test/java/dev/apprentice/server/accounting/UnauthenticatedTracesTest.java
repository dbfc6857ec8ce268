package dev.apprentice.server.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.trace.TraceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnauthenticatedTracesTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final List<TraceRecord> written = new ArrayList<>();
  private final UnauthenticatedTraces traces = new UnauthenticatedTraces(written::add, nanos::get);

  private static TraceRecord refused(Caller caller, ErrorCode code) {
    return RejectedCalls.trace("tr_x", System.nanoTime(), Instant.EPOCH, caller, null,
        new GatewayException(code, "refused"), Map.of());
  }

  private void refuseUnauthenticated(int times) {
    for (int i = 0; i < times; i++) traces.keep(refused(null, ErrorCode.INVALID_API_KEY));
  }

  @Test
  void aBurstOfUnauthenticatedRefusalsIsTracedUpToTheBurstAndTheRestAreCounted() {
    refuseUnauthenticated(1_000);

    assertThat(written).hasSize(UnauthenticatedTraces.BURST);
    assertThat(traces.skipped()).isEqualTo(1_000 - UnauthenticatedTraces.BURST);
  }

  @Test
  void itSaysWhichRefusalsItKeptSoThatOnlyTheirAnswersNameATrace() {
    List<Boolean> kept = new ArrayList<>();
    for (int i = 0; i < UnauthenticatedTraces.BURST + 5; i++) kept.add(traces.keep(refused(null, ErrorCode.INVALID_API_KEY)));

    assertThat(kept.subList(0, UnauthenticatedTraces.BURST)).containsOnly(true);
    assertThat(kept.subList(UnauthenticatedTraces.BURST, kept.size())).containsOnly(false);
    assertThat(traces.keep(refused(Caller.ANONYMOUS, ErrorCode.MODEL_NOT_FOUND))).isTrue();
  }

  @Test
  void aSteadyFloodIsTracedAtOneASecond() {
    refuseUnauthenticated(UnauthenticatedTraces.BURST);
    for (int second = 0; second < 60; second++) {
      nanos.addAndGet(1_000_000_000L);
      refuseUnauthenticated(100);
    }

    assertThat(written).hasSize(UnauthenticatedTraces.BURST + 60);
    assertThat(traces.skipped()).isEqualTo(60 * 99);
  }

  @Test
  void aQuietSpellRefillsTheBurstButNoMore() {
    refuseUnauthenticated(UnauthenticatedTraces.BURST);
    nanos.addAndGet(3_600_000_000_000L);
    written.clear();

    refuseUnauthenticated(100);

    assertThat(written).hasSize(UnauthenticatedTraces.BURST);
  }

  @Test
  void refusalsOfACallerThatWasIdentifiedAreAlwaysTraced() {
    refuseUnauthenticated(UnauthenticatedTraces.BURST);
    for (int i = 0; i < 100; i++) traces.keep(refused(Caller.ANONYMOUS, ErrorCode.MODEL_NOT_FOUND));

    assertThat(written).hasSize(UnauthenticatedTraces.BURST + 100);
    assertThat(traces.skipped()).isZero();
  }
}
