package dev.apprentice.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock that stands still until a test moves it; safe to read from any thread. Beside the wall clock it keeps a
 * monotonic one ({@link #nanoTime}, a stand-in for {@link System#nanoTime}): {@link #advance} moves both, {@link #set}
 * only the wall clock, as NTP or an operator stepping the system clock would.
 */
public final class ManualClock extends Clock {

  private volatile Instant now;
  private final AtomicLong nanos = new AtomicLong(123_456_789_000L); // an arbitrary origin, as System.nanoTime has

  public ManualClock(String isoInstant) {
    this.now = Instant.parse(isoInstant);
  }

  /** Moves the wall clock by {@code by}, and the monotonic clock too when {@code by} is forwards. */
  public void advance(Duration by) {
    now = now.plus(by);
    if (!by.isNegative()) nanos.addAndGet(by.toNanos());
  }

  /** Steps the wall clock to {@code isoInstant}, back or forth; the monotonic clock does not move. */
  public void set(String isoInstant) {
    now = Instant.parse(isoInstant);
  }

  /** The monotonic clock, in nanoseconds from an arbitrary origin: pass {@code clock::nanoTime} as a ticker. */
  public long nanoTime() {
    return nanos.get();
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
