package dev.apprentice.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchdogTest {

  @Test
  void anAlarmWhoseActionBlocksDoesNotHoldBackTheOthers() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch secondRan = new CountDownLatch(1);
    try (Watchdog watchdog = new Watchdog()) {
      // like closing a finished stream whose upstream keeps its body open: the close waits on the network
      watchdog.after(Duration.ZERO, () -> {
        try {
          releaseFirst.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      watchdog.after(Duration.ofMillis(10), secondRan::countDown);

      assertThat(secondRan.await(10, TimeUnit.SECONDS)).as("the second alarm fired while the first still blocked")
          .isTrue();
      releaseFirst.countDown();
    }
  }

  @Test
  void aCancelledAlarmNeverFires() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    try (Watchdog watchdog = new Watchdog()) {
      Watchdog.Alarm alarm = watchdog.after(Duration.ofMillis(50), fired::countDown);

      assertThat(alarm.cancel()).isTrue();
      assertThat(fired.await(200, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(alarm.cancel()).as("already cancelled").isFalse();
    }
  }
}
