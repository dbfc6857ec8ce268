package dev.apprentice.api;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How long in-process work done for a call may be waited for (the local embedding model's queue, say): until the
 * call's deadline, or until its client leaves, whichever comes first. A wait through {@link #await} cancels the work's
 * future when either comes, so that an embedder drops the texts it has not run yet ({@link Embedder#submit}), as a
 * {@code /v1/embeddings} call of the local model does. Immutable; {@link #NONE} waits as long as the work takes.
 */
public final class Deadline {

  /** No deadline and no client to leave: the CLI's own searches, a scan outside any call. */
  public static final Deadline NONE = new Deadline(0, false, null);

  private final long nanos;
  private final boolean bounded;
  /** Completes when the caller stopped waiting; null when it never does. */
  private final CompletableFuture<?> abandoned;

  private Deadline(long nanos, boolean bounded, CompletableFuture<?> abandoned) {
    this.nanos = nanos;
    this.bounded = bounded;
    this.abandoned = abandoned;
  }

  /**
   * A deadline at {@code nanos} (a {@link System#nanoTime()} value) that also ends when {@code abandoned} completes
   * (null: it never does).
   */
  public static Deadline at(long nanos, CompletionStage<?> abandoned) {
    return new Deadline(nanos, true, abandoned == null ? null : abandoned.toCompletableFuture());
  }

  /** A deadline {@code timeout} from now, with no client to leave. */
  public static Deadline in(Duration timeout) {
    return at(System.nanoTime() + timeout.toNanos(), null);
  }

  /**
   * This deadline for a step that may take only {@code fraction} of the time left now (0 to 1): it ends that much later
   * than now, or with this one when the client leaves. {@link #NONE} stays unbounded.
   */
  public Deadline part(double fraction) {
    if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
    if (!bounded) return this;
    long now = System.nanoTime();
    return new Deadline(now + (long) (Math.max(0, nanos - now) * fraction), true, abandoned);
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
    return abandoned != null && abandoned.isDone();
  }

  /**
   * Starts the work ({@code start}, which returns its future) and waits for its result within this deadline. Work whose
   * time is already up, or whose caller already left, is not started. Past the deadline, or once the caller leaves,
   * the future is cancelled (an embedder drops the texts it has not run) and this throws.
   *
   * @throws DeadlineExceededException when the time was up before the result came
   * @throws CancellationException      when the caller left before it came (or this thread was interrupted)
   * @throws RuntimeException           the work's own failure, as it failed (an {@link Error} as itself)
   */
  public <T> T await(Supplier<CompletableFuture<T>> start) {
    if (abandoned()) throw new CancellationException("the caller stopped waiting");
    if (passed()) throw new DeadlineExceededException("the deadline had passed before the work began");
    CompletableFuture<T> pending = start.get();
    if (abandoned != null) abandoned.whenComplete((gone, failure) -> pending.cancel(false));
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
}
