package dev.apprentice.gateway.limits;

import java.util.Arrays;

/**
 * What a key or tenant was admitted in the last minute (requests, or tokens), kept in one-second slots: this second
 * and the sixty before it, so its memory is fixed whatever the limit. Something admitted at {@code x} counts at
 * {@code t} while {@code t - x < 60 s}; because a slot remembers only when its latest admission happened, the
 * oldest slot counts whole until that one is a minute old, so the window may refuse up to a second longer than an
 * exact log would, and never admits more than the limit within any 60 seconds. Thread-safe.
 */
final class MinuteWindow {

  static final long MINUTE_NANOS = 60_000_000_000L;
  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final int SLOTS = 61;

  /** What {@link #take} answers once the window was retired: the caller takes from a fresh one instead. */
  static final long RETIRED = Long.MIN_VALUE;

  private final long[] second = new long[SLOTS];
  private final long[] amount = new long[SLOTS];
  private final long[] latest = new long[SLOTS];

  private boolean retired;

  MinuteWindow() {
    Arrays.fill(second, Long.MIN_VALUE);
  }

  /**
   * Retires the window when nothing it holds counts any more (no admission in the last minute), so that it can be
   * dropped: a take that finds it retired goes to a fresh window. True when retired.
   */
  synchronized boolean retireIfIdle(long nowNanos) {
    if (!retired && used(nowNanos) == 0) retired = true;
    return retired;
  }

  synchronized boolean retired() {
    return retired;
  }

  /**
   * Admits {@code wanted} at {@code nowNanos} (nanoseconds of a monotonic clock, from any origin) when what the last
   * minute holds leaves room for it under {@code limit}.
   *
   * @return the second it was booked to (for {@link #adjust}), or, when refused, minus the nanoseconds until it
   *     would fit (always below zero), or {@link #RETIRED}
   */
  synchronized long take(long wanted, long limit, long nowNanos) {
    if (retired) return RETIRED;
    long wait = nanosToWait(wanted, limit, nowNanos);
    if (wait > 0) return -wait;
    long now = secondOf(nowNanos);
    int slot = slot(now);
    if (second[slot] != now) {
      second[slot] = now;
      amount[slot] = 0;
    }
    amount[slot] += wanted;
    latest[slot] = nowNanos;
    return now;
  }

  /**
   * The nanoseconds until {@code wanted} would fit under {@code limit}, seen at {@code nowNanos}: 0 when it fits now.
   * Takes nothing.
   */
  synchronized long nanosToWait(long wanted, long limit, long nowNanos) {
    long now = secondOf(nowNanos);
    long used = used(now, nowNanos);
    return used + wanted > limit ? Math.max(1, nanosUntilRoom(used + wanted - limit, now, nowNanos)) : 0;
  }

  /**
   * Changes what the second {@code bookedAt} holds by {@code delta} (settling a reservation to what the call used,
   * or giving it back), never below zero, whatever the limit; nothing when a later second has taken its slot.
   */
  synchronized void adjust(long bookedAt, long delta) {
    int slot = slot(bookedAt);
    if (second[slot] == bookedAt) {
      amount[slot] = Math.max(0, amount[slot] + delta);
    } else if (delta > 0 && second[slot] < bookedAt) {
      second[slot] = bookedAt;
      amount[slot] = delta;
      latest[slot] = bookedAt * SECOND_NANOS;
    }
  }

  /** The second (of the monotonic clock, from its origin) that {@code nanos} falls in. */
  static long secondOf(long nanos) {
    return Math.floorDiv(nanos, SECOND_NANOS);
  }

  /** What the window holds at {@code nowNanos}. */
  synchronized long used(long nowNanos) {
    return used(secondOf(nowNanos), nowNanos);
  }

  private long used(long now, long nowNanos) {
    long used = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (counts(i, now, nowNanos)) used += amount[i];
    }
    return used;
  }

  private boolean counts(int slot, long now, long nowNanos) {
    long age = now - second[slot];
    return age >= 0 && age < SLOTS && nowNanos - latest[slot] < MINUTE_NANOS;
  }

  /** How long until the oldest seconds leave the window and free at least {@code excess}. */
  private long nanosUntilRoom(long excess, long now, long nowNanos) {
    long freed = 0;
    for (long s = now - SLOTS + 1; s <= now; s++) {
      int slot = slot(s);
      if (second[slot] != s || !counts(slot, now, nowNanos)) continue;
      freed += amount[slot];
      if (freed >= excess) return latest[slot] + MINUTE_NANOS - nowNanos;
    }
    return MINUTE_NANOS;
  }

  private static int slot(long second) {
    return (int) Math.floorMod(second, (long) SLOTS);
  }
}
