package dev.apprentice.api;

import java.time.Duration;

/** Waits; injectable so that tests of retry timing need no real time. */
@FunctionalInterface
public interface Sleeper {

  Sleeper REAL = d -> Thread.sleep(d);

  void sleep(Duration duration) throws InterruptedException;
}
