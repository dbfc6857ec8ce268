package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A shutdown waits for the handlers still running, and only for them: a request that ended, however it ended, must
 * not be counted still (every shutdown would then wait its whole limit).
 */
class RequestsInFlightTest {

  private final RequestsInFlight inFlight = new RequestsInFlight();

  @Test
  void aServerThatAnsweredEverythingHasNothingToWaitFor() throws Exception {
    inFlight.filter(() -> {}, null, null);

    assertThat(inFlight.awaitNone(Duration.ZERO)).isTrue();
  }

  @Test
  void aHandlerThatFailedIsNoLongerCounted() throws Exception {
    assertThatThrownBy(() -> inFlight.filter(() -> {
      throw new IllegalStateException("the handler failed");
    }, null, null)).hasMessage("the handler failed");

    assertThat(inFlight.awaitNone(Duration.ZERO)).isTrue();
  }

  @Test
  void aHandlerStillRunningIsWaitedForUntilItEnds() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread handler = Thread.ofVirtual().start(() -> inFlight.filter(() -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, null, null));
    started.await();

    assertThat(inFlight.awaitNone(Duration.ZERO)).as("while the handler runs").isFalse();
    release.countDown();
    assertThat(inFlight.awaitNone(Duration.ofMinutes(5))).as("once it ended").isTrue();
    handler.join();
  }
}
