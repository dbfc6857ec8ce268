package dev.apprentice.gateway;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.routing.Target;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A call given up because its client went away before the answer began. From then on no attempt starts, and the
 * thread trying the call's targets is interrupted: its blocked socket I/O with the upstream fails and closes that
 * connection (a virtual thread's, or a channel's), a wait before a retry ends. The interrupt reaches the thread only
 * inside {@link #interruptibly}, around the tries of the targets, and does not outlive it: nothing else the serving
 * thread does (its reads and writes to the client, the store) is interrupted. A chat call has one
 * ({@link Call#cancel}); an embedding call, which tries its targets without a {@link Call}, makes its own. Either way
 * it goes with the call's {@link TargetTries.Course}, and {@link TargetTries#run} runs the tries in
 * {@link #interruptibly} and {@link #watching}.
 */
public final class Cancellation {

  private volatile boolean cancelled;
  /**
   * Completed by {@link #cancel}: the in-process waits of the call ({@link Call#deadline}) end with it. Made when first
   * asked for (most calls never wait in process); guarded by this.
   */
  private CompletableFuture<Void> departure;
  /** The thread inside {@link #interruptibly}, or null; guarded by this. */
  private Thread trying;
  /** True when {@link #cancel} interrupted {@link #trying}; guarded by this. */
  private boolean interrupted;

  /** Cancels the call, from any thread; a second cancel does nothing. */
  public void cancel() {
    CompletableFuture<Void> waiting;
    synchronized (this) {
      if (cancelled) return;
      cancelled = true;
      if (trying != null) {
        interrupted = true;
        trying.interrupt();
      }
      waiting = departure;
    }
    if (waiting != null) waiting.complete(null); // outside the lock: the waits it ends cancel their work on this thread
  }

  /**
   * Completes when the call is cancelled: what in-process work waits on for the call (the local embedding model) is
   * given up then ({@link dev.apprentice.api.Deadline}). Never completes otherwise; only {@link #cancel} completes it.
   */
  public synchronized CompletionStage<Void> departure() {
    if (departure == null) departure = cancelled ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
    return departure;
  }

  /** True once something asked for {@link #departure}; for tests that a call which never waits makes none. */
  synchronized boolean departureMade() {
    return departure != null;
  }

  /** True once {@link #cancel} was called. */
  public boolean cancelled() {
    return cancelled;
  }

  /** Runs {@code work} (the tries of the targets) on this thread, interrupted should the call be cancelled meanwhile. */
  <T> T interruptibly(Supplier<T> work) {
    Thread current = Thread.currentThread();
    synchronized (this) {
      if (trying == current) return work.get(); // a step ran the routing again from inside it: one window
      trying = current;
    }
    try {
      return work.get();
    } finally {
      synchronized (this) {
        trying = null;
        if (interrupted) {
          interrupted = false;
          Thread.interrupted(); // the interrupt was for the attempt only: the thread serves on
        }
      }
    }
  }

  /**
   * {@code call} as the tries of a cancellable call make it: none starts once the call is cancelled
   * ({@link #refuseAttempt}), and one that fails after it failed as cancelled ({@link #attemptFailed}).
   */
  <T> TargetTries.TargetCall<T> watching(TargetTries.TargetCall<T> call) {
    return (target, attemptDeadlineNanos, status) -> {
      refuseAttempt();
      try {
        return call.call(target, attemptDeadlineNanos, status);
      } catch (ProviderException e) {
        throw attemptFailed(target, e);
      }
    };
  }

  /** Before an attempt: a cancelled call starts none (not an attempt, so that no try is recorded that was not made). */
  void refuseAttempt() {
    if (cancelled) {
      throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled: the client went away");
    }
  }

  /**
   * The failure of an attempt as the call records it: once the call is cancelled, whatever the attempt failed with
   * (a connection closed by the interrupt, a read cut short) is the cancellation, which neither retries nor falls
   * over, nor counts against the target's circuit.
   */
  ProviderException attemptFailed(Target target, ProviderException failure) {
    if (!cancelled || failure.kind() == ProviderException.Kind.CANCELLED) return failure;
    ProviderException cancelled = failure.requestSent() ? abandoned(target, failure)
        : ProviderException.notSent(ProviderException.Kind.CANCELLED, abandonedMessage(target));
    // a stream abandoned while its opening was held is still booked at what its upstream had sent
    return failure instanceof BrokenOpening broken ? broken.by(cancelled) : cancelled;
  }

  /**
   * The failure of an attempt whose request was sent, given up because the client went away: {@code cause} is how
   * the attempt noticed (a read cut short by the interrupt), or null when it noticed between reads.
   */
  ProviderException abandoned(Target target, ProviderException cause) {
    return new ProviderException(ProviderException.Kind.CANCELLED, 0, abandonedMessage(target), null, cause);
  }

  private static String abandonedMessage(Target target) {
    return target.id() + ": abandoned, the client went away";
  }
}
