package dev.apprentice.providers.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A sleeper that only writes down how long it was asked to wait. */
final class FakeSleeper implements SimulatorProvider.Sleeper {

  final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration, CountDownLatch wakeUp) {
    pauses.add(duration);
  }

  Duration total() {
    return pauses.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
