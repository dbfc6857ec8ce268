package dev.apprentice.gateway.resilience;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounds retries per target so that an upstream in trouble does not get the gateway's traffic several times over:
 * over the last {@value #WINDOW_SECONDS} seconds, a target's retries may be at most {@code ratio} of its calls plus
 * {@code minPerSecond} per second (so that a quiet gateway still retries). A retry the budget refuses fails over to
 * the next target instead of waiting. Thread-safe.
 */
public final class RetryBudget {

  static final int WINDOW_SECONDS = 10;

  /** A budget that never refuses a retry. */
  public static final RetryBudget UNLIMITED = new RetryBudget(Double.POSITIVE_INFINITY, 0, System::nanoTime);

  private final double ratio;
  private final double floor;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  /**
   * @param ratio        retries allowed per call made (0.2: one retry per five calls)
   * @param minPerSecond retries allowed per second whatever the traffic
   * @param nanoTime     the clock ({@link System#nanoTime()} outside tests)
   */
  public RetryBudget(double ratio, double minPerSecond, LongSupplier nanoTime) {
    this.ratio = ratio;
    this.floor = minPerSecond * WINDOW_SECONDS;
    this.nanoTime = nanoTime;
  }

  /** Counts a first try of a call to the target. */
  public void called(String targetId) {
    if (this == UNLIMITED) return;
    window(targetId).called(second());
  }

  /** True, and counted, when the target may be tried again now; false when its retries are spent. */
  public boolean tryRetry(String targetId) {
    if (this == UNLIMITED) return true;
    boolean allowed = window(targetId).tryRetry(second(), ratio, floor);
    if (!allowed) refused.incrementAndGet();
    return allowed;
  }

  /** Retries refused since start. */
  public long refused() {
    return refused.get();
  }

  private Window window(String targetId) {
    return windows.computeIfAbsent(targetId, id -> new Window());
  }

  private long second() {
    return Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
  }

  /** Calls and retries of one target in the last seconds, one slot per second. */
  private static final class Window {
    private final long[] seconds = new long[WINDOW_SECONDS];
    private final long[] calls = new long[WINDOW_SECONDS];
    private final long[] retries = new long[WINDOW_SECONDS];

    Window() {
      java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void called(long second) {
      calls[slot(second)]++;
    }

    synchronized boolean tryRetry(long second, double ratio, double floor) {
      int slot = slot(second);
      long callSum = 0;
      long retrySum = 0;
      for (int i = 0; i < WINDOW_SECONDS; i++) {
        if (second - seconds[i] < WINDOW_SECONDS) {
          callSum += calls[i];
          retrySum += retries[i];
        }
      }
      if (retrySum + 1 > floor + ratio * callSum) return false;
      retries[slot]++;
      return true;
    }

    /** The slot of {@code second}, emptied first when it last held an older second. */
    private int slot(long second) {
      int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
      if (seconds[slot] != second) {
        seconds[slot] = second;
        calls[slot] = 0;
        retries[slot] = 0;
      }
      return slot;
    }
  }
}
