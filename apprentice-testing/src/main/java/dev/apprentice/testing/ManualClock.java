package dev.apprentice.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves it; safe to read from any thread. */
public final class ManualClock extends Clock {

  private volatile Instant now;

  public ManualClock(String isoInstant) {
    this.now = Instant.parse(isoInstant);
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  public void set(String isoInstant) {
    now = Instant.parse(isoInstant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) throw new UnsupportedOperationException("a test clock stays in UTC");
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
