package dev.apprentice.gateway.limits;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Requests-per-minute and tokens-per-minute limits of keys and tenants, over a sliding minute: within any 60 seconds
 * a key or tenant is admitted at most its limit of requests, and of reserved tokens ({@link MinuteWindow}). Windows
 * are made on first use and hold a fixed 61 seconds whatever the limit; those idle for a minute are dropped (swept at
 * most once a minute, once there are many). Thread-safe.
 *
 * <p>The minute is measured on a monotonic clock ({@link System#nanoTime}), not the wall clock: a wall clock stepped
 * back (NTP, an operator) would make the admissions of the last minute look as if they were in the future, and they
 * would stop counting; one stepped forwards would forget them early. Budgets, which are per UTC day and month, keep
 * the wall clock ({@link BudgetLedger}).
 */
public final class RateLimiter {

  private enum Kind { RPM, TPM }

  private record Id(Scope scope, String owner, Kind kind) {}

  /** What is done with each window that applies to a caller: take from it, or only ask how long it would wait. */
  private interface EachWindow {
    void apply(Id id, long limit, long wanted);
  }

  /** What one call took from one window, and in which second. */
  private record Taken(Id id, MinuteWindow window, long limit, long bookedAt, long amount) {}

  /** What one call took from the windows; {@link #settle} or {@link #release} it exactly once. */
  public static final class Reservation {
    private final List<Taken> taken;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Reservation(List<Taken> taken) {
      this.taken = taken;
    }
  }

  /** Windows are swept once there are this many (a few hundred keys never need it). */
  static final int SWEEP_ABOVE = 1_024;

  private final ConcurrentHashMap<Id, MinuteWindow> windows = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);
  private final LongSupplier ticker;

  /** A limiter whose minute passes by {@link System#nanoTime}. */
  public RateLimiter() {
    this(System::nanoTime);
  }

  /**
   * A limiter whose minute passes by {@code ticker}: nanoseconds from an arbitrary origin, never going back, as
   * {@link System#nanoTime} (tests move a fake one by hand).
   */
  public RateLimiter(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /**
   * Takes one request and {@code tokens} tokens from every window that applies to the caller (a token reservation
   * larger than a TPM limit takes the whole limit, so it runs alone in an otherwise empty minute). Throws 429
   * {@code rate_limit_exceeded} when one has no room, having given back what it took, with the Retry-After of the
   * window that has room last: a key's RPM that frees in a second must not hide its TPM, or its tenant's, full for
   * longer, so that a client that waits as told is not refused again for a window it was not told of.
   */
  public Reservation reserve(Caller caller, int tokens) {
    long now = nowNanos();
    List<Taken> taken = new ArrayList<>(4);
    List<GatewayException> refusals = new ArrayList<>(0);
    forEachWindow(caller, tokens, (id, limit, wanted) -> take(taken, refusals, id, limit, wanted, now));
    return reservationOrRefusal(taken, refusals);
  }

  /**
   * The refusal {@link #reserve} would throw now, taking nothing; empty when every window has room. For a call
   * refused by another limit first, whose refusal must not hide a longer wait here.
   */
  Optional<GatewayException> refusal(Caller caller, int tokens) {
    long now = nowNanos();
    List<GatewayException> refusals = new ArrayList<>(0);
    forEachWindow(caller, tokens, (id, limit, wanted) -> ask(refusals, id, limit, wanted, now));
    return refusals.isEmpty() ? Optional.empty() : Optional.of(Refusals.longest(refusals));
  }

  /**
   * Takes {@code tokens} more from the TPM windows {@code reservation} took from (the prompt grew after it was
   * reserved), as a reservation of its own to settle or release; 429 when one has no room, taking nothing. A call
   * never holds more than a whole limit: one that grows past it runs alone, as a call larger than the limit from the
   * start does (asking for more than the limit would be refused on every retry).
   */
  public Reservation reserveMore(Reservation reservation, int tokens) {
    long now = nowNanos();
    List<Taken> taken = new ArrayList<>(2);
    List<GatewayException> refusals = new ArrayList<>(0);
    for (Taken t : reservation.taken) {
      if (t.id.kind != Kind.TPM) continue;
      long more = Math.min(Math.max(0, tokens), t.limit - t.amount);
      if (!refusals.isEmpty()) {
        // the window in use now: the one the call took from may have been retired by a sweep, and holds nothing
        ask(refusals, t.id, t.limit, more, now);
        continue;
      }
      try {
        Taken grown = take(t.id, t.window, t.limit, more, now);
        taken.add(grown != null ? grown : take(t.id, t.limit, more, now));
      } catch (GatewayException refused) {
        refusals.add(refused);
      }
    }
    return reservationOrRefusal(taken, refusals);
  }

  /** What was taken, or, when some window refused, nothing: all of it given back, the longest wait thrown. */
  private static Reservation reservationOrRefusal(List<Taken> taken, List<GatewayException> refusals) {
    if (refusals.isEmpty()) return new Reservation(List.copyOf(taken));
    giveBack(taken);
    throw Refusals.longest(refusals);
  }

  /** Settles the tokens a call actually used: unused ones go back, extra ones are taken regardless of the limit. */
  public void settle(Reservation reservation, int actualTokens) {
    if (!reservation.closed.compareAndSet(false, true)) return;
    for (Taken t : reservation.taken) {
      if (t.id.kind == Kind.TPM) t.window.adjust(t.bookedAt, Math.max(0, actualTokens) - t.amount);
    }
  }

  /** Gives back everything a reservation took (the call was refused later, before it was served). */
  public void release(Reservation reservation) {
    if (reservation.closed.compareAndSet(false, true)) giveBack(reservation.taken);
  }

  /** How many windows exist. */
  int windows() {
    return windows.size();
  }

  /** Applies {@code each} to the caller's windows: its key's RPM and TPM, then its tenant's, those with a limit. */
  private static void forEachWindow(Caller caller, int tokens, EachWindow each) {
    if (caller.keyId() != null) forEachWindow(Scope.KEY, caller.keyId(), caller.keyLimits(), tokens, each);
    forEachWindow(Scope.TENANT, caller.tenant(), caller.tenantLimits(), tokens, each);
  }

  private static void forEachWindow(Scope scope, String owner, Limits limits, int tokens, EachWindow each) {
    if (limits.rpm() != null) each.apply(new Id(scope, owner, Kind.RPM), limits.rpm(), 1);
    if (limits.tpm() != null) each.apply(new Id(scope, owner, Kind.TPM), limits.tpm(), Math.max(0, tokens));
  }

  /**
   * Takes from one window, or adds its refusal; once the call is refused, only asks how long the window would make
   * it wait: taking (and giving back) what a refused call asked for would hold the window full for a moment, and a
   * call of another key of the tenant could be refused for it.
   */
  private void take(List<Taken> taken, List<GatewayException> refusals, Id id, long limit, long wanted, long now) {
    if (!refusals.isEmpty()) {
      ask(refusals, id, limit, wanted, now);
      return;
    }
    try {
      taken.add(take(id, limit, wanted, now));
    } catch (GatewayException refused) {
      refusals.add(refused);
    }
  }

  /** Adds the refusal of the window of {@code id} in use now when it has no room for {@code wanted}; takes nothing. */
  private void ask(List<GatewayException> refusals, Id id, long limit, long wanted, long now) {
    MinuteWindow window = windows.get(id);
    long wait = limit <= 0 ? MinuteWindow.MINUTE_NANOS
        : window == null ? 0 : window.nanosToWait(Math.min(wanted, limit), limit, now);
    if (wait > 0) refusals.add(refused(id, limit, wait));
  }

  private Taken take(Id id, long limit, long wanted, long now) {
    if (limit <= 0) throw refused(id, limit, MinuteWindow.MINUTE_NANOS);
    sweepIfDue(now);
    while (true) {
      MinuteWindow window = windows.computeIfAbsent(id, k -> new MinuteWindow());
      Taken taken = take(id, window, limit, wanted, now);
      if (taken != null) return taken;
      windows.remove(id, window); // retired by a sweep meanwhile: take from a fresh one
    }
  }

  /** What was taken from {@code window}; null when the window was retired (nothing taken). */
  private static Taken take(Id id, MinuteWindow window, long limit, long wanted, long now) {
    long amount = Math.min(wanted, limit);
    if (amount == 0) return window.retired() ? null : new Taken(id, window, limit, MinuteWindow.secondOf(now), 0);
    long bookedAt = window.take(amount, limit, now);
    if (bookedAt == MinuteWindow.RETIRED) return null;
    if (bookedAt < 0) throw refused(id, limit, -bookedAt);
    return new Taken(id, window, limit, bookedAt, amount);
  }

  /**
   * Drops the windows of keys and tenants idle for a minute, at most once a minute and only when there are many: a
   * window is ~1.5 KB, and without this every key ever used would keep one (two with a TPM) for good.
   */
  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    if (now < due || windows.size() < SWEEP_ABOVE || !nextSweep.compareAndSet(due, now + MinuteWindow.MINUTE_NANOS)) {
      return;
    }
    windows.forEach((id, window) -> {
      if (window.retireIfIdle(now)) windows.remove(id, window);
    });
  }

  private long nowNanos() {
    return ticker.getAsLong();
  }

  private static void giveBack(List<Taken> taken) {
    for (Taken t : taken) {
      if (t.amount > 0) t.window.adjust(t.bookedAt, -t.amount);
    }
  }

  private static GatewayException refused(Id id, long limit, long nanosToWait) {
    long seconds = Math.max(1, Math.ceilDiv(nanosToWait, 1_000_000_000L));
    String what = id.kind == Kind.RPM ? "requests per minute (RPM)" : "tokens per minute (TPM)";
    return new GatewayException(ErrorCode.RATE_LIMIT_EXCEEDED, "Rate limit exceeded: " + id.scope.describe(id.owner)
        + " allows " + limit + " " + what + " in any 60 seconds. Try again in " + seconds + "s.", null,
        Duration.ofSeconds(seconds));
  }
}
