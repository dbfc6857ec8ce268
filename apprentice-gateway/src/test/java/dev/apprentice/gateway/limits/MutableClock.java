package dev.apprentice.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves it. */
final class MutableClock extends Clock {

  private volatile Instant now;

  MutableClock(String isoInstant) {
    this.now = Instant.parse(isoInstant);
  }

  void advance(Duration by) {
    now = now.plus(by);
  }

  void set(String isoInstant) {
    now = Instant.parse(isoInstant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }

  @Override
  public Instant instant() {
    return now;
  }
}
