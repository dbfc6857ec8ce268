package dev.apprentice.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Something loaded once and shared (a local model, a trained injection detector), whose load takes seconds. The
 * first {@link #get} (or {@link #start}) starts the load on a thread of its own, so that each caller waits only as
 * long as its call may ({@link #get(Deadline)}): past the deadline it gives up with a
 * {@link DeadlineExceededException} that names the load ({@link DeadlineExceededException#loading()}), once its client
 * left with a {@link java.util.concurrent.CancellationException}, and the load goes on for the calls after it.
 *
 * <p>A load that failed stays failed: every later {@link #get} throws its failure at once, and nothing loads it again
 * until the process starts anew. A model file that does not load, or a detector that does not train, would otherwise
 * cost every call the load's seconds before failing it the same way. Thread-safe.
 */
public final class Loading<T> {

  private final String what;
  private final Supplier<? extends T> load;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();

  /**
   * @param what what is loaded, as a sentence's subject ({@code the injection detector 'default'}): the name a call
   *             that gave up waiting, and {@code /ready}, say
   * @param load the load, run once; it must not return null
   */
  public Loading(String what, Supplier<? extends T> load) {
    this.what = Objects.requireNonNull(what, "what");
    this.load = Objects.requireNonNull(load, "load");
  }

  /** What is loaded, as a sentence's subject. */
  public String what() {
    return what;
  }

  /**
   * Starts the load on a thread of its own unless it has started already; returns at once. A platform thread (a daemon
   * one: a load left running does not keep the process up): a load spends seconds in native code (ONNX Runtime opening
   * a model) or in Java that never blocks (training a detector), and a virtual thread would hold its carrier all that
   * time, one of the few (one per core) that the server's request threads run on.
   */
  public void start() {
    if (!started.compareAndSet(false, true)) return;
    Thread.ofPlatform().daemon().name("apprentice-load").start(this::run);
  }

  private void run() {
    try {
      result.complete(Objects.requireNonNull(load.get(), "the load gave nothing"));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    } catch (Error e) {
      // kept as a failure of the load, not of every caller's thread (a native library that does not link, say)
      result.completeExceptionally(new IllegalStateException(why(e), e));
    }
  }

  /** What {@link #why} says of a failure without a message in itself or its causes. */
  public static final String WITHOUT_A_MESSAGE = "an error without a message";

  /**
   * Why a load failed, for a message a client may read ({@code ... could not be loaded: WHY}): the failure's message;
   * without one (an {@link ExceptionInInitializerError}), its first cause's that has one; else
   * {@value #WITHOUT_A_MESSAGE}. Never {@code "null"}, and never a Java class's name.
   */
  public static String why(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
    }
    return WITHOUT_A_MESSAGE;
  }

  /** The loaded thing, waited for as long as the load takes (the load's own failure, as it failed). */
  public T get() {
    return get(Deadline.NONE);
  }

  /**
   * The loaded thing, waited for within {@code deadline}; a loaded one is returned, and a failed load's failure thrown,
   * whatever the deadline.
   *
   * @throws DeadlineExceededException when the deadline passed first, naming this load
   * @throws java.util.concurrent.CancellationException when the caller left first (or this thread was interrupted)
   * @throws RuntimeException the load's failure, at once once it failed
   */
  public T get(Deadline deadline) {
    if (result.isDone()) {
      if (!result.isCompletedExceptionally()) return result.join();
      throw (RuntimeException) result.exceptionNow(); // only RuntimeExceptions fail it: see run()
    }
    start();
    try {
      return deadline.await(result::copy); // cancelling a caller's copy leaves the load alone
    } catch (DeadlineExceededException e) {
      throw DeadlineExceededException.stillLoading(what, e);
    }
  }

  /**
   * Waits up to {@code patience} for a load that has started to end, loaded or failed, so that what it loads (a model
   * in native memory) is not being built while its owner closes or the process ends. Returns true when no load is
   * running: never started, ended, or ended within the wait; false when the wait ran out or this thread was
   * interrupted.
   */
  public boolean settle(Duration patience) {
    if (!started.get() || result.isDone()) return true;
    try {
      result.handle((loaded, failure) -> null).get(patience.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("unreachable: handle() completes normally", e);
    }
  }

  /** True once the load has succeeded. */
  public boolean loaded() {
    return result.isDone() && !result.isCompletedExceptionally();
  }

  /** True once the load has failed. */
  public boolean failed() {
    return result.isCompletedExceptionally();
  }
}
