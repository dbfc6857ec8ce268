package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.run.RunControl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StopOnInterruptTest {

  private final RunControl control = new RunControl();
  private final StringWriter err = new StringWriter();
  private final List<CountDownLatch> awaited = new ArrayList<>();
  private final List<Duration> limits = new ArrayList<>();

  private StopOnInterrupt stop(boolean runEndsInTime) {
    return new StopOnInterrupt(control, new PrintWriter(err), (latch, limit) -> {
      awaited.add(latch);
      limits.add(limit);
      return runEndsInTime || awaited.size() > 1;
    });
  }

  @Test
  void ctrlCStopsTheRunAndHoldsTheExitUntilTheRunHasEndedAndThenUntilTheSummaryAndReportAreWritten() {
    StopOnInterrupt stop = stop(true);

    stop.onShutdown();

    assertThat(control.stopped()).isTrue();
    assertThat(limits).containsExactly(StopOnInterrupt.RUN_LIMIT, StopOnInterrupt.REPORT_LIMIT);
    stop.runEnded();
    assertThat(awaited.get(0).getCount()).isZero();
    assertThat(awaited.get(1).getCount()).as("the report is not written yet").isOne();
    stop.close();
    assertThat(awaited.get(1).getCount()).isZero();
  }

  @Test
  void itemsStillInFlightAtTheLimitAreSaidToRunAgainOnResume() {
    stop(false).onShutdown();

    assertThat(limits).containsExactly(StopOnInterrupt.RUN_LIMIT);
    assertThat(err.toString()).contains("not stored").contains("resume");
  }
}
