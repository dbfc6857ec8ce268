package dev.apprentice.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How long in-process work done for a call may be waited for (the local embedding model's queue, say): until the
 * call's deadline, or until its client leaves, whichever comes first. A wait through {@link #await} cancels the work's
 * future when either comes, so that an embedder drops the texts it has not run yet ({@link Embedder#submit}), as a
 * {@code /v1/embeddings} call of the local model does. Immutable; {@link #NONE} waits as long as the work takes.
 *
 * <p>Making one costs nothing that lasts: the caller's leaving is asked for only when something first waits within
 * the deadline ({@link #at(long, Supplier)}), and a wait leaves nothing behind on it once it ends, however many a call
 * makes.
 */
public final class Deadline {

  /** No deadline and no client to leave: the CLI's own searches, a scan outside any call. */
  public static final Deadline NONE = new Deadline(0, false, null);

  private final long nanos;
  private final boolean bounded;
  /** When the caller stops waiting, shared with this deadline's parts; null when it never does. */
  private final Leaving leaving;

  private Deadline(long nanos, boolean bounded, Leaving leaving) {
    this.nanos = nanos;
    this.bounded = bounded;
    this.leaving = leaving;
  }

  /**
   * A deadline at {@code nanos} (a {@link System#nanoTime()} value) that also ends when {@code abandoned} completes
   * (null: it never does).
   */
  public static Deadline at(long nanos, CompletionStage<?> abandoned) {
    return new Deadline(nanos, true, abandoned == null ? null : new Leaving(() -> abandoned));
  }

  /**
   * A deadline at {@code nanos} (a {@link System#nanoTime()} value) that also ends when the stage {@code abandoned}
   * gives completes. The stage is asked for when something first waits within this deadline or one of its
   * {@link #part}s ({@link #await}, {@link #abandoned()}), once for them all, and never when nothing does: a call
   * whose steps never wait in process makes no future for its client's leaving. A null stage never completes.
   */
  public static Deadline at(long nanos, Supplier<? extends CompletionStage<?>> abandoned) {
    return new Deadline(nanos, true, new Leaving(Objects.requireNonNull(abandoned, "abandoned")));
  }

  /** A deadline {@code timeout} from now, with no client to leave. */
  public static Deadline in(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos(), true, null);
  }

  /**
   * This deadline for a step that may take only {@code fraction} of the time left now (0 to 1): it ends that much later
   * than now, or with this one when the client leaves. {@link #NONE} stays unbounded.
   */
  public Deadline part(double fraction) {
    if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
    if (!bounded) return this;
    long now = System.nanoTime();
    return new Deadline(now + (long) (Math.max(0, nanos - now) * fraction), true, leaving);
  }

  /** True unless this is {@link #NONE}-like: a wait that ends only when the work does. */
  public boolean bounded() {
    return bounded;
  }

  /** Time left, never negative; {@link Long#MAX_VALUE} nanoseconds when unbounded. */
  public Duration remaining() {
    return bounded ? Duration.ofNanos(Math.max(0, nanos - System.nanoTime())) : Duration.ofNanos(Long.MAX_VALUE);
  }

  /** True once the time is up (never for an unbounded deadline). */
  public boolean passed() {
    return bounded && nanos - System.nanoTime() <= 0;
  }

  /** True once the caller stopped waiting. */
  public boolean abandoned() {
    return leaving != null && leaving.stage().isDone();
  }

  /**
   * Starts the work ({@code start}, which returns its future) and waits for its result within this deadline. Work whose
   * time is already up, or whose caller already left, is not started. Past the deadline, or once the caller leaves,
   * the future is cancelled (an embedder drops the texts it has not run) and this throws. Once the wait ends, the
   * caller's leaving no longer refers to the work.
   *
   * @throws DeadlineExceededException when the time was up before the result came
   * @throws CancellationException      when the caller left before it came (or this thread was interrupted)
   * @throws RuntimeException           the work's own failure, as it failed (an {@link Error} as itself)
   */
  public <T> T await(Supplier<CompletableFuture<T>> start) {
    if (abandoned()) throw new CancellationException("the caller stopped waiting");
    if (passed()) throw new DeadlineExceededException("the deadline had passed before the work began");
    CompletableFuture<T> pending = start.get();
    if (leaving == null) return waitFor(pending);
    leaving.waiting.add(pending);
    try {
      if (leaving.stage().isDone()) pending.cancel(false); // it left as the work started: its hook may have missed it
      return waitFor(pending);
    } finally {
      leaving.waiting.remove(pending);
    }
  }

  private <T> T waitFor(CompletableFuture<T> pending) {
    try {
      return bounded ? pending.get(Math.max(0, nanos - System.nanoTime()), TimeUnit.NANOSECONDS) : pending.get();
    } catch (TimeoutException e) {
      pending.cancel(false);
      throw new DeadlineExceededException("the work did not finish before the deadline");
    } catch (InterruptedException e) {
      pending.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException failed) throw failed;
      if (cause instanceof Error error) throw error;
      throw new CompletionException(cause);
    }
  }

  /**
   * The caller's leaving as a deadline and its parts see it: its stage, asked for at the first wait, with one hook
   * that cancels the works waited for at that moment (each wait adds its work and takes it out as it ends), so that
   * the stage holds one dependent however many waits a call makes, and none of their finished work.
   */
  private static final class Leaving {

    private final Supplier<? extends CompletionStage<?>> source;
    private final Set<Future<?>> waiting = ConcurrentHashMap.newKeySet();
    /** Null until first asked for; guarded by this. */
    private CompletableFuture<?> stage;

    Leaving(Supplier<? extends CompletionStage<?>> source) {
      this.source = source;
    }

    synchronized CompletableFuture<?> stage() {
      if (stage == null) {
        CompletionStage<?> given = source.get();
        stage = given == null ? new CompletableFuture<>() : given.toCompletableFuture();
        stage.whenComplete((gone, failure) -> waiting.forEach(work -> work.cancel(false)));
      }
      return stage;
    }
  }
}
