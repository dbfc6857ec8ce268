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

  /** A target's average for one kind of call, and when it was last refreshed (measured, or sent a call to measure). */
  private record Sample(double average, long refreshedAt, long answersAtRefresh) {}


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
   * Counts a failed try that took {@code tookNanos} against a call limit of {@code limitNanos}. A target never
   * measured is set to the limit, so it stops sorting first and sorts behind every target that answers within it. A
   * measured one has its average at least doubled (to the try's own duration if longer), never past the limit: a
   * target that keeps failing reaches the back of the line within a few calls, while one transient error does not
   * park the fastest target behind the others for minutes, as pulling its average a step towards a 60 s limit would
   * (it then recovers only through the paced refreshes). It refreshes the average like an answer but is not counted
   * as one: answers pace the refresh of stale targets.
   */
  public void penalise(String targetId, boolean streamed, long tookNanos, long limitNanos) {
    long now = nanoTime.getAsLong();
    long answered = answers.get(streamed ? 1 : 0);
    samples(streamed).computeIfAbsent(targetId, k -> new AtomicReference<>()).updateAndGet(old -> {
      if (old == null) return new Sample(Math.max(tookNanos, limitNanos), now, answered);
      double raised = Math.min(limitNanos, Math.max(2 * old.average(), tookNanos));
      return new Sample(Math.max(old.average(), raised), now, answered);
    });
  }

  private void update(String targetId, boolean streamed, long nanos, long answered) {
    long now = nanoTime.getAsLong();
    samples(streamed).computeIfAbsent(targetId, k -> new AtomicReference<>()).updateAndGet(old ->
        new Sample(old == null ? nanos : old.average() + alpha * (nanos - old.average()), now, answered));
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
    return ref.compareAndSet(sample, new Sample(sample.average(), now, answered));
  }

  private ConcurrentHashMap<String, AtomicReference<Sample>> samples(boolean ofStreams) {
    return ofStreams ? streams : wholeAnswers;
  }

  private Sample current(String targetId, boolean streamed) {
    AtomicReference<Sample> ref = samples(streamed).get(targetId);
    return ref == null ? null : ref.get();
  }
}
