package dev.apprentice.gateway;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.UnsupportedRequestException;
import dev.apprentice.api.UpstreamStatus;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.PendingOutcome;
import dev.apprentice.gateway.resilience.Permit;
import dev.apprentice.gateway.resilience.RetryBudget;
import dev.apprentice.api.Sleeper;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tries a model's targets until one answers, for chat calls ({@link RoutingStep}) and embedding calls alike: the
 * targets in the planned order, each try within its own limit ({@link AttemptLimit}), each target retried with backoff
 * while its failures are retriable (honouring Retry-After), its {@link RetryBudget} allows and the retry leaves a
 * remaining target time to answer ({@link RetryWait}), targets with an open circuit skipped (one circuit per target,
 * whatever the call), failing over while the failure allows it, all before the call's deadline. The kind of each
 * failure decides; a try that got no answer in its time is not retried while another target remains (the next target
 * is asked instead of waiting on the same silence again), and counts on its circuit only when the try had a limit the
 * model declares, not a share of the call's time ({@link #cutByTheCallsBudget}); a stream that broke off while its
 * attempt held its opening ({@link BrokenOpening}) counts on its circuit as a stream broken mid-way does. A target
 * whose provider cannot translate the request ({@link UnsupportedRequestException}) is skipped like an open circuit,
 * neither retried nor counted on its circuit or the retry budget; when every target refused so, the first refusal is
 * the answer (400, naming the parameter). The budget counts a call once a request went out: one refused or never sent earns no
 * retries. Targets passed over (an open circuit, a request they cannot serve) are told to the listener, not recorded
 * as attempts: attempts are the requests that went upstream, which headers, retry counts and metrics count. A call
 * whose client went away ({@link Cancellation}, part of the call's {@link Course}) starts no attempt, and abandons the
 * one in flight; its callers wire nothing of that themselves.
 */
public final class TargetTries {

  /**
   * One try of one target, which must give up by {@code attemptDeadlineNanos} ({@link System#nanoTime()}), its
   * provider leaving the status its answer began with in {@code status} (through the attempt's
   * {@link dev.apprentice.api.CallContext}) for the attempt's record.
   */
  @FunctionalInterface
  public interface TargetCall<T> {
    T call(Target target, long attemptDeadlineNanos, UpstreamStatus status) throws ProviderException;
  }

  /**
   * Hands an answer's outcome to its target's circuit breaker: at once for a whole answer ({@link #atOnce()}), or
   * later, once the caller knows how the answer ended (a stream, at its end).
   */
  @FunctionalInterface
  public interface Settlement<T> {
    /** The answer as the caller gets it; {@code outcome} must be settled at once or by what is returned. */
    T settle(T answer, PendingOutcome outcome);

    /**
     * A settled answer that will not reach the caller (a step after it failed): whatever it still holds is let go,
     * so that its outcome is not left pending, holding a half-open circuit's one trial.
     */
    default void discard(T settled) {}

    /**
     * How long {@code answer} took to begin, of the {@code tookNanos} its try took: the latency its target's circuit
     * breaker, least-latency routing and the trace go by. All of it, unless the try read on past the answer's start
     * (a stream whose opening it held, {@link OpeningHold}, still begins at its first token).
     */
    default long latency(T answer, long tookNanos) {
      return tookNanos;
    }

    /** Every answer is a success as soon as it arrives. */
    static <T> Settlement<T> atOnce() {
      return (answer, outcome) -> {
        outcome.succeeded();
        return answer;
      };
    }
  }

  /** Hears what happens to a call while its targets are tried. */
  public interface Listener {
    /** Every attempt, failed or not, in order. */
    void attempted(Attempt attempt);

    /** Time spent waiting before a retry (neither upstream time nor overhead). */
    default void waited(long nanos) {}

    /**
     * A try of {@code target} that failed with {@code failure} after {@code tookNanos}, of the {@code limitNanos} it
     * had ({@link AttemptLimit}).
     */
    default void failed(Target target, ProviderException failure, long tookNanos, long limitNanos) {}

    /** The target that answered, after {@code tookNanos}. */
    default void answered(Target target, long tookNanos) {}

    /** A target passed over without a request: its circuit refused the call, or it cannot serve the request. */
    default void skipped(SkippedTarget skipped) {}
  }

  private final Breakers breakers;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final RetryBudget budget;
  private final Shutdown shutdown = new Shutdown();

  TargetTries(Breakers breakers, Backoff backoff, Sleeper sleeper, RetryBudget budget) {
    this.breakers = breakers;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.budget = budget;
  }

  /** Whether the gateway these tries are of is shutting down: what it cuts short is its own, not the upstream's. */
  Shutdown shutdown() {
    return shutdown;
  }

  /**
   * What one call's tries go by: its route, its targets in the order to try them ({@code plan}), which of them may
   * serve it ({@code eligible}), its deadline ({@link System#nanoTime()}), each try's limit, and its cancellation,
   * through which a client that left stops the tries.
   */
  public record Course(ModelRoute route, List<Target> plan, long deadlineNanos, AttemptLimit limit,
      Predicate<Target> eligible, Cancellation cancellation) {

    /**
     * The route's targets in their configured order, those {@code eligible}, each try limited as a whole answer is
     * ({@link AttemptLimit#of}).
     */
    public static Course inOrder(ModelRoute route, long deadlineNanos, Predicate<Target> eligible,
        Cancellation cancellation) {
      return new Course(route, route.targets(), deadlineNanos, AttemptLimit.of(route, false), eligible,
          cancellation);
    }
  }

  /**
   * Runs the call against the eligible targets of its course until one answers, each answer a success of its
   * target's circuit at once.
   *
   * @throws GatewayException 400 when no target is eligible, none can serve the request or the upstream refused it as
   *                          invalid, 503 when every circuit is open, 504 past the deadline or when every attempt
   *                          timed out, else 502 naming each attempt
   */
  public <T> T run(Course course, TargetCall<T> call, Listener listener) {
    return run(course, call, Settlement.atOnce(), listener);
  }

  /**
   * As {@link #run(Course, TargetCall, Listener)}, the answer's outcome settled with its target's circuit breaker by
   * {@code settlement}. The tries run inside the course's {@link Cancellation}: should the call be cancelled, the
   * thread is interrupted while it tries (never after: it serves on uninterrupted), no attempt starts, and the one in
   * flight fails as cancelled, which neither retries nor falls over.
   */
  public <T> T run(Course course, TargetCall<T> call, Settlement<T> settlement, Listener listener) {
    Cancellation cancellation = course.cancellation();
    TargetCall<T> watched = cancellation.watching(call);
    return cancellation.interruptibly(() -> tryTargets(course, watched, settlement, listener));
  }

  private <T> T tryTargets(Course course, TargetCall<T> call, Settlement<T> settlement, Listener listener) {
    ModelRoute route = course.route();
    List<Target> plan = course.plan();
    long deadlineNanos = course.deadlineNanos();
    AttemptLimit limit = course.limit();
    Predicate<Target> eligible = course.eligible();
    List<Attempt> attempts = new ArrayList<>(2);
    List<String> skipped = new ArrayList<>(0);
    List<String> cannotServe = new ArrayList<>(0);
    UnsupportedRequestException firstRefusal = null;
    long rateLimitedUntil = 0; // when the soonest Retry-After an upstream's 429 gave runs out (nanoTime); 0: none
    boolean anyEligible = false;
    for (int index = 0; index < plan.size(); index++) {
      Target target = plan.get(index);
      if (!eligible.test(target)) continue;
      anyEligible = true;
      int position = index;
      for (int attempt = 0; attempt <= route.retries(); attempt++) {
        if (System.nanoTime() >= deadlineNanos) throw RouteFailures.timeout(route.name(), route.timeout(), attempts);
        Permit permit = breakers.tryAcquire(target.id(), route.breaker(), route.timeout());
        if (permit == null) {
          skipped.add(target.id());
          listener.skipped(skip(target, SkippedTarget.CIRCUIT_OPEN, null));
          break;
        }
        long start = System.nanoTime();
        AttemptLimit.Allowance time = limit.allow(start, deadlineNanos, attempts.isEmpty(),
            () -> fallbackRemains(plan, position, eligible));
        T answer;
        UpstreamStatus status = new UpstreamStatus();
        try {
          answer = call.call(target, time.deadlineNanos(), status);
        } catch (ProviderException failed) {
          // cut short by the gateway's shutdown: a cancellation, not the upstream's failure (a client that left first
          // has its attempt's failure made its departure's already, Cancellation#attemptFailed)
          ProviderException e = course.cancellation().cancelled() ? failed : shutdown.failure(failed);
          long took = System.nanoTime() - start;
          // a stream that broke off in its held opening had begun at its first token: its latency ends there
          long latency = e instanceof BrokenOpening broken ? took - broken.heldNanos() : took;
          if (attempt == 0 && e.requestSent()) budget.called(target.id());
          if (e instanceof BrokenOpening) {
            new PendingOutcome(permit, latency).failedMidStream(e); // its stream had begun: as one that broke mid-way
          } else if (cutByTheCallsBudget(e, time)) {
            permit.release();
          } else {
            Breakers.recordFailure(permit, took, e);
          }
          record(Attempt.failed(target, e, start, latency, status.status()), attempts, listener);
          listener.failed(target, e, latency, time.nanos());
          if (e.kind() == ProviderException.Kind.RATE_LIMITED && e.retryAfter() != null) {
            long until = start + took + e.retryAfter().toNanos();
            if (rateLimitedUntil == 0 || until - rateLimitedUntil < 0) rateLimitedUntil = until;
          }
          if (!e.kind().fallbackAllowed()) throw RouteFailures.notRoutable(e);
          if (!e.kind().retriable() || attempt == route.retries()) break;
          boolean fallbackRemains = fallbackRemains(plan, index, eligible);
          // no answer in its time: ask the next target rather than wait on the same silence again; the last target
          // is asked again while time remains
          if (fallbackRemains && unanswered(e)) break;
          Duration wait = RetryWait.delay(backoff, route.retryBackoff(), attempt, e, took, deadlineNanos,
              fallbackRemains);
          if (wait == null) break; // fail over instead of waiting: no retry, so nothing charged to the budget
          if (!budget.tryRetry(target.id())) break; // the target's retries are spent: fail over instead
          listener.waited(RetryWait.sleep(sleeper, wait, shutdown));
          continue;
        } catch (UnsupportedRequestException e) {
          // this provider cannot translate the request (nothing was sent, so nothing counted for the retry budget):
          // another target may serve it
          permit.release();
          if (firstRefusal == null) firstRefusal = e;
          cannotServe.add(target.id() + " (" + e.getMessage() + ")");
          listener.skipped(skip(target, SkippedTarget.UNSUPPORTED, e.getMessage()));
          break;
        } catch (Throwable e) {
          // a defect, or the JVM in trouble (OutOfMemoryError, StackOverflowError), not the upstream: release the
          // permission, else a half-open breaker would wait forever for this trial's result
          permit.release();
          throw e;
        }
        long took = settlement.latency(answer, System.nanoTime() - start);
        if (attempt == 0) budget.called(target.id());
        T settled = settlement.settle(answer, new PendingOutcome(permit, took));
        try {
          record(Attempt.answered(target, status.status(), start, took), attempts, listener);
          listener.answered(target, took);
        } catch (Throwable e) {
          // the answer never reaches the caller: let it go, else its outcome stays pending and holds its permission
          try {
            settlement.discard(settled);
          } catch (RuntimeException closing) {
            e.addSuppressed(closing);
          }
          throw e;
        }
        return settled;
      }
    }
    if (!anyEligible) {
      throw GatewayException.invalid("model", "model '" + route.name() + "' has no target that can serve this call");
    }
    if (firstRefusal != null && attempts.isEmpty() && skipped.isEmpty()) throw firstRefusal; // none could serve it
    Duration retryAfter = attempts.isEmpty() ? firstReopening(skipped)
        : rateLimitedUntil != 0 && attempts.stream().allMatch(a -> a.failure() == ProviderException.Kind.RATE_LIMITED)
            ? Duration.ofNanos(Math.max(0, rateLimitedUntil - System.nanoTime())) : null;
    throw RouteFailures.exhausted(route.name(), route.timeout(), deadlineNanos, attempts, skipped, cannotServe,
        retryAfter);
  }

  /** How long until the first of these targets' open circuits lets a trial through; null when none can say. */
  private Duration firstReopening(List<String> targetIds) {
    Duration first = null;
    for (String id : targetIds) {
      Duration in = breakers.reopensIn(id);
      if (in != null && (first == null || in.compareTo(first) < 0)) first = in;
    }
    return first;
  }

  /**
   * True when the try got no answer in its time: the upstream said nothing (no status, no first token) before the
   * try's limit or the call's deadline. An upstream that answered 408 or 504 did answer, and is retried like a 5xx.
   */
  private static boolean unanswered(ProviderException e) {
    return e.kind() == ProviderException.Kind.TIMEOUT && e.status() == 0;
  }

  /**
   * True when the try got no answer in a time the call chose rather than one the model declares: the default share of
   * the time left, or what earlier tries left of the call's deadline ({@link AttemptLimit.Allowance#full}). That says
   * the target is slower than this call could wait, not that it is unhealthy: counted on a circuit that every model
   * routing to the target shares, a model with little time (or one that added a fallback, halving its first target's
   * share) would shut the target for models that wait for it.
   */
  private static boolean cutByTheCallsBudget(ProviderException e, AttemptLimit.Allowance time) {
    return unanswered(e) && !time.full();
  }

  /** True when a target after {@code index} could still be tried: eligible, and its circuit not open. */
  private boolean fallbackRemains(List<Target> plan, int index, Predicate<Target> eligible) {
    for (Target next : plan.subList(index + 1, plan.size())) {
      if (eligible.test(next) && !breakers.isOpen(next.id())) return true;
    }
    return false;
  }

  private static SkippedTarget skip(Target target, String reason, String message) {
    return new SkippedTarget(target.provider().name(), target.upstreamModel(), reason, message);
  }

  private static void record(Attempt attempt, List<Attempt> attempts, Listener listener) {
    attempts.add(attempt);
    listener.attempted(attempt);
  }
}
