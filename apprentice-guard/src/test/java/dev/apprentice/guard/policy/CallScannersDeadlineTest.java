package dev.apprentice.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Origin;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallScannersDeadlineTest {

  @Test
  void aGuardWhoseScannersEmbedNothingNeverAsksWhetherTheClientLeft() {
    AtomicInteger asked = new AtomicInteger();
    Deadline call = Deadline.at(System.nanoTime() + Duration.ofMinutes(1).toNanos(), () -> {
      asked.incrementAndGet();
      return new CompletableFuture<Void>();
    });

    CallScanners scanners = Policies.input(Action.REDACT, Action.BLOCK).forCall(call);
    for (Tally tally : scanners.tallies(GuardVerdict.INPUT)) {
      tally.scan("Write to jane.doe@example.com with key sk-live-0000", Origin.PROMPT);
    }

    assertThat(asked).hasValue(0);
  }
}
