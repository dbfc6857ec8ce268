package dev.apprentice.gateway.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * An exponentially weighted moving average of each target's latency, updated lock-free from its attempts (a failed
 * one raises it; see {@link #penalise}). One tracker serves every model alias: it is keyed by target
 * ({@code provider/upstream-model}) and by kind of call, since a stream's latency (time to its first token) and a
 * whole answer's are not comparable and are averaged apart.
 */
public final class LatencyTracker {

  /**
   * A target's average for one kind of call, and when it was last refreshed (measured, or sent a call to measure).
   *
   * @param average  what the router sorts by: the answers' average raised by the failures since the last answer
   * @param answered the exponentially weighted average of its answers alone, or -1 before its first answer
   * @param failures failed tries since its last answer
   */
  private record Sample(double average, double answered, int failures, long refreshedAt, long answersAtRefresh) {}

  /** Failures past this many double no further (the limit is reached long before). */
  private static final int MAX_DOUBLINGS = 30;

  private final double alpha;
  private final LongSupplier nanoTime;
  /** Per target id: streams' samples (time to first token) and whole answers' samples, apart; no key per lookup. */
  private final ConcurrentHashMap<String, AtomicReference<Sample>> streams = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicReference<Sample>> wholeAnswers = new ConcurrentHashMap<>();
  /** Answers recorded so far, streamed ([1]) and not ([0]), whichever target gave them. */
  private final java.util.concurrent.atomic.AtomicLongArray answers = new java.util.concurrent.atomic.AtomicLongArray(2);

  public LatencyTracker(double alpha) {
    this(alpha, System::nanoTime);
  }

  /** @param nanoTime the clock samples are dated by ({@link System#nanoTime()} outside tests) */
  public LatencyTracker(double alpha, LongSupplier nanoTime) {
    if (alpha <= 0 || alpha > 1) throw new IllegalArgumentException("alpha must be in (0, 1]");
    this.alpha = alpha;
    this.nanoTime = nanoTime;
  }

  /** Adds a measurement: time to the first token of a stream ({@code streamed}), else time to the whole answer. */
  public void record(String targetId, boolean streamed, long nanos) {
    update(targetId, streamed, nanos, answers.incrementAndGet(streamed ? 1 : 0));
  }

  /**
   * Counts a failed try that took {@code tookNanos} of the {@code limitNanos} that try had (its own limit, not the
   * whole call's: a model whose tries have 5 s waits no longer than that for a target). A target that never
   * answered sorts as if at the limit, behind every target that answers within it, instead of first as unmeasured. One
   * that answered before sorts at its answers' average doubled for each failure since its last answer (or the try's
   * own duration if longer), never past the limit: a target that keeps failing reaches the back within a few calls,
   * while one transient error costs it one doubling, and its next answer, whether it serves or is sent a call to be
   * measured again, sorts it by its answers alone again. It refreshes the sample like an answer but is not counted
   * as one: answers pace the refresh of stale targets.
   */
  public void penalise(String targetId, boolean streamed, long tookNanos, long limitNanos) {
    long now = nanoTime.getAsLong();
    long answeredSoFar = answers.get(streamed ? 1 : 0);
    samples(streamed).computeIfAbsent(targetId, k -> new AtomicReference<>()).updateAndGet(old -> {
      double answered = old == null ? -1 : old.answered();
      int failures = Math.min(old == null ? 1 : old.failures() + 1, MAX_DOUBLINGS);
      double average = answered < 0 ? Math.max(tookNanos, limitNanos)
          : Math.min(limitNanos, Math.max(answered * (1L << failures), tookNanos));
      return new Sample(average, answered, failures, now, answeredSoFar);
    });
  }

  private void update(String targetId, boolean streamed, long nanos, long answeredSoFar) {
    long now = nanoTime.getAsLong();
    samples(streamed).computeIfAbsent(targetId, k -> new AtomicReference<>()).updateAndGet(old -> {
      double answered = old == null || old.answered() < 0 ? nanos : old.answered() + alpha * (nanos - old.answered());
      return new Sample(answered, answered, 0, now, answeredSoFar);
    });
  }

  /** The average in nanoseconds, or -1 when no call of this kind has been tried on the target yet. */
  public double average(String targetId, boolean streamed) {
    Sample sample = current(targetId, streamed);
    return sample == null ? -1 : sample.average();
  }

  /** How long ago the target's average of this kind was last refreshed, or -1 when it has none. */
  public long age(String targetId, boolean streamed) {
    Sample sample = current(targetId, streamed);
    return sample == null ? -1 : nanoTime.getAsLong() - sample.refreshedAt();
  }

  /**
   * Takes the target's turn to be measured again: true, and its average counted as refreshed now, when it is older
   * than {@code nanos} and at least {@code minAnswers} answers of this kind (from any target) were recorded since it
   * was refreshed; false when not, or another call took the turn first. So one call, not every call at once, goes to
   * measure a target that has not served for a while, and sparse traffic (every call older than {@code nanos} apart)
   * sends it one call in {@code minAnswers}, not every other one.
   */
  public boolean claimRefresh(String targetId, boolean streamed, long nanos, long minAnswers) {
    AtomicReference<Sample> ref = samples(streamed).get(targetId);
    if (ref == null) return false;
    Sample sample = ref.get();
    long now = nanoTime.getAsLong();
    long answered = answers.get(streamed ? 1 : 0);
    if (sample == null || now - sample.refreshedAt() <= nanos || answered - sample.answersAtRefresh() < minAnswers) {
      return false;
    }
    return ref.compareAndSet(sample,
        new Sample(sample.average(), sample.answered(), sample.failures(), now, answered));
  }

  private ConcurrentHashMap<String, AtomicReference<Sample>> samples(boolean ofStreams) {
    return ofStreams ? streams : wholeAnswers;
  }

  private Sample current(String targetId, boolean streamed) {
    AtomicReference<Sample> ref = samples(streamed).get(targetId);
    return ref == null ? null : ref.get();
  }
}
