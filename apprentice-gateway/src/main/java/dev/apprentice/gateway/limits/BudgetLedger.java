package dev.apprentice.gateway.limits;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * USD spend of keys and tenants per UTC day and month, against their budgets. A call reserves its worst-case cost
 * before it runs and settles its actual cost when it ends, so calls in flight cannot together overrun a budget.
 *
 * <p>A call belongs to the day and month it started in, as the store's daily ledger dates it: its reservation is
 * held in, and its cost booked to, those windows even when it ends after midnight, while calls that start after
 * midnight are judged against the new windows only. The windows just ended are kept until the next rollover for the
 * calls still running in them. Thread-safe (one lock around tiny critical sections); days and months roll over by
 * the clock.
 */
public final class BudgetLedger {

  private static final double EPSILON = 1e-9;
  /** Retry-After of a call refused only for what calls in progress hold. */
  static final Duration IN_PROGRESS_RETRY = Duration.ofSeconds(1);

  private record Account(Scope scope, String owner, Window window, LocalDate start) {}

  /** A call's reserved worst-case cost; {@link #settle} it exactly once. */
  public static final class Reservation {
    private final Caller caller;
    private final LocalDate day;
    private final List<Account> accounts;
    private final double amount;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Reservation(Caller caller, LocalDate day, List<Account> accounts, double amount) {
      this.caller = caller;
      this.day = day;
      this.accounts = accounts;
      this.amount = amount;
    }
  }

  private final Clock clock;
  private final Map<Account, Double> spent = new HashMap<>();
  private final Map<Account, Double> reserved = new HashMap<>();
  private LocalDate today;

  public BudgetLedger() {
    this(Clock.systemUTC());
  }

  public BudgetLedger(Clock clock) {
    this.clock = clock;
  }

  /**
   * Adds earlier spend (the store's totals at start); rows of days before the previous UTC month, or after today,
   * are ignored.
   */
  public synchronized void load(List<Spend> history) {
    LocalDate today = rollOver();
    for (Spend s : history) {
      if (!s.day().isAfter(today)) add(s.keyId(), s.tenant(), s.day(), today, s.costUsd());
    }
  }

  /** Reserves for a call starting now; see {@link #reserve(Caller, double, Instant)}. */
  public Reservation reserve(Caller caller, double worstCaseUsd) {
    return reserve(caller, worstCaseUsd, clock.instant());
  }

  /**
   * Reserves {@code worstCaseUsd} against every budget of the caller (key and tenant, day and month) in the windows
   * the call started in, or throws 429 {@code budget_exceeded} with Retry-After set to the start of the next UTC day
   * or month (1 s when the call would fit but for what calls in progress reserved), reserving nothing. A call whose worst case alone is more than a whole budget would never fit: it is
   * refused with 400 {@code request_over_budget} and no Retry-After.
   *
   * @param startedAt when the call started (the time its trace and the daily ledger carry). A start in the future
   *                  counts as now; one before yesterday, whose windows are no longer kept, counts as now too.
   */
  public Reservation reserve(Caller caller, double worstCaseUsd, Instant startedAt) {
    double amount = Math.max(0, worstCaseUsd);
    checkFits(caller, amount);
    synchronized (this) {
      return hold(caller, dayOf(startedAt, rollOver()), amount, amount);
    }
  }

  /**
   * Reserves {@code moreUsd} more for the call of {@code reservation} (its prompt grew, or it goes upstream again),
   * in the same day and month, as a reservation of its own to settle (at 0: the call's cost is settled with the
   * first); refused like {@link #reserve}, where the call is judged by {@code wholeCallUsd}: whether it could ever
   * fit, and whether it fits once other calls in progress end (its own reservation ends with its refusal, and the
   * call asks for the whole amount again when it is retried).
   */
  public Reservation reserveMore(Reservation reservation, double moreUsd, double wholeCallUsd) {
    double amount = Math.max(0, moreUsd);
    double whole = Math.max(amount, wholeCallUsd);
    checkFits(reservation.caller, whole);
    synchronized (this) {
      rollOver();
      return hold(reservation.caller, reservation.day, amount, whole);
    }
  }

  /**
   * Holds {@code amount} for a call that, with it, holds {@code wholeCallUsd}, or throws the refusal of the window
   * with the longest wait.
   */
  private Reservation hold(Caller caller, LocalDate day, double amount, double wholeCallUsd) {
    List<GatewayException> refusals = new ArrayList<>(0);
    List<Account> accounts = accounts(caller, new Ask(day, amount, wholeCallUsd), refusals);
    // of every window the call does not fit, the one whose wait is longest: a window blocked only by calls in
    // progress (retry in a second) must not hide another whose budget is spent until the next day or month
    if (!refusals.isEmpty()) throw Refusals.longest(refusals);
    for (Account a : accounts) reserved.merge(a, amount, Double::sum);
    return new Reservation(caller, day, List.copyOf(accounts), amount);
  }

  /**
   * What {@link #reserve} would refuse a call starting at {@code startedAt} now, without reserving anything; empty
   * when it would fit. For a call refused by another limit first, whose refusal must not hide a longer wait here.
   */
  Optional<GatewayException> refusal(Caller caller, double worstCaseUsd, Instant startedAt) {
    double amount = Math.max(0, worstCaseUsd);
    try {
      checkFits(caller, amount);
    } catch (GatewayException never) {
      return Optional.of(never);
    }
    List<GatewayException> refusals = new ArrayList<>(0);
    synchronized (this) {
      accounts(caller, new Ask(dayOf(startedAt, rollOver()), amount, amount), refusals);
    }
    return refusals.isEmpty() ? Optional.empty() : Optional.of(Refusals.longest(refusals));
  }

  /** The caller's accounts {@code ask} fits; a refusal added to {@code refusals} for each it does not. */
  private List<Account> accounts(Caller caller, Ask ask, List<GatewayException> refusals) {
    List<Account> accounts = new ArrayList<>(4);
    if (caller.keyId() != null) check(accounts, refusals, Scope.KEY, caller.keyId(), caller.keyLimits(), ask);
    check(accounts, refusals, Scope.TENANT, caller.tenant(), caller.tenantLimits(), ask);
    return accounts;
  }

  /**
   * Ends a reservation and records what the call actually cost, even when that is more than was reserved, in the
   * day and month the call started in.
   */
  public void settle(Reservation reservation, double actualUsd) {
    if (!reservation.settled.compareAndSet(false, true)) return;
    synchronized (this) {
      LocalDate today = rollOver();
      for (Account a : reservation.accounts) {
        reserved.computeIfPresent(a, (k, v) -> v - reservation.amount <= EPSILON ? null : v - reservation.amount);
      }
      add(reservation.caller.keyId(), reservation.caller.tenant(), reservation.day, today, Math.max(0, actualUsd));
    }
  }

  /** What has been spent in the current window (reservations not included). */
  synchronized double spent(Scope scope, String owner, Window window) {
    return spent(scope, owner, window, rollOver());
  }

  /** What calls in progress hold in the current window. */
  synchronized double held(Scope scope, String owner, Window window) {
    return reserved.getOrDefault(new Account(scope, owner, window, window.start(rollOver())), 0.0);
  }

  /** What has been spent in the window that contains {@code day}, while it is kept (reservations not included). */
  synchronized double spent(Scope scope, String owner, Window window, LocalDate day) {
    rollOver();
    return spent.getOrDefault(new Account(scope, owner, window, window.start(day)), 0.0);
  }

  /** The UTC day a call that started at {@code startedAt} belongs to: today or yesterday, whose windows are kept. */
  private static LocalDate dayOf(Instant startedAt, LocalDate today) {
    LocalDate day = LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    return day.isAfter(today) || day.isBefore(Window.DAY.previous(today)) ? today : day;
  }

  private static void checkFits(Caller caller, double amount) {
    if (caller.keyId() != null) checkFits(Scope.KEY, caller.keyId(), caller.keyLimits(), amount);
    checkFits(Scope.TENANT, caller.tenant(), caller.tenantLimits(), amount);
  }

  private static void checkFits(Scope scope, String owner, Limits limits, double amount) {
    checkFits(scope, owner, Window.DAY, limits.budgetUsdPerDay(), amount);
    checkFits(scope, owner, Window.MONTH, limits.budgetUsdPerMonth(), amount);
  }

  private static void checkFits(Scope scope, String owner, Window window, Double budget, double amount) {
    if (budget == null || amount <= budget + EPSILON) return;
    String message = "This call may cost up to " + usd(amount) + ", more than the whole " + window.label()
        + " budget of " + scope.describe(owner) + " (" + usd(budget) + "), so it can never run under that budget."
        + " Ask for fewer output tokens (max_tokens or max_completion_tokens; max_output_tokens on /v1/responses),"
        + " send a shorter prompt, or raise the budget.";
    throw new GatewayException(ErrorCode.REQUEST_OVER_BUDGET, message, null, null);
  }

  /**
   * What a call asks a budget for: {@code amount} now, in the windows of {@code day}, which makes {@code wholeCallUsd}
   * with what it already holds (the same for a call reserving for the first time).
   */
  private record Ask(LocalDate day, double amount, double wholeCallUsd) {

    /** What the call held before this ask, which calls in progress hold too. */
    double alreadyHeld() {
      return Math.max(0, wholeCallUsd - amount);
    }
  }

  private void check(List<Account> accounts, List<GatewayException> refusals, Scope scope, String owner,
      Limits limits, Ask ask) {
    check(accounts, refusals, scope, owner, Window.DAY, limits.budgetUsdPerDay(), ask);
    check(accounts, refusals, scope, owner, Window.MONTH, limits.budgetUsdPerMonth(), ask);
  }

  private void check(List<Account> accounts, List<GatewayException> refusals, Scope scope, String owner,
      Window window, Double budget, Ask ask) {
    if (budget == null) return;
    Account account = new Account(scope, owner, window, window.start(ask.day()));
    double done = spent.getOrDefault(account, 0.0);
    double held = reserved.getOrDefault(account, 0.0);
    if (done + held + ask.amount() > budget + EPSILON) {
      // judged as the whole call, beside what the other calls in progress hold
      double others = Math.max(0, held - ask.alreadyHeld());
      refusals.add(refused(scope, owner, window, budget, done, others, ask.wholeCallUsd(), ask.day()));
      return;
    }
    accounts.add(account);
  }

  /** Books spend of {@code day} to its day and month, where those windows are still kept. */
  private void add(String keyId, String tenant, LocalDate day, LocalDate today, double usd) {
    for (Window w : Window.values()) {
      LocalDate start = w.start(day);
      if (start.isBefore(w.previous(today))) continue;
      if (keyId != null) spent.merge(new Account(Scope.KEY, keyId, w, start), usd, Double::sum);
      spent.merge(new Account(Scope.TENANT, tenant, w, start), usd, Double::sum);
    }
  }

  /**
   * Today by the clock; on a new day, forgets the accounts of windows older than the previous one (the previous
   * day and month stay for the calls that started in them and are still running).
   */
  private LocalDate rollOver() {
    LocalDate now = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (!now.equals(today)) {
      today = now;
      spent.keySet().removeIf(a -> a.start().isBefore(a.window().previous(now)));
      reserved.keySet().removeIf(a -> a.start().isBefore(a.window().previous(now)));
    }
    return now;
  }

  /**
   * The refusal of a call that does not fit. When only what calls in progress reserved stands in the way, Retry-After
   * is {@link #IN_PROGRESS_RETRY}: they settle at their actual cost, usually less, as soon as they end; otherwise it
   * is the start of the window's next day or month.
   */
  private GatewayException refused(Scope scope, String owner, Window window, double budget, double done, double held,
      double amount, LocalDate day) {
    String state = "Budget exceeded: the " + window.label() + " budget of " + scope.describe(owner) + " is "
        + usd(budget) + " and " + usd(done) + " is spent" + (held > 0 ? " (" + usd(held) + " more reserved by calls in"
        + " progress)" : "") + "; this call may cost up to " + usd(amount) + ".";
    if (done + amount <= budget + EPSILON) {
      return new GatewayException(ErrorCode.BUDGET_EXCEEDED, state + " It fits once calls in progress end and settle"
          + " what they reserved: retry in " + IN_PROGRESS_RETRY.toSeconds() + "s.", null, IN_PROGRESS_RETRY);
    }
    Instant next = window.next(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    long seconds = Math.max(1, Math.ceilDiv(Duration.between(clock.instant(), next).toMillis(), 1000L));
    return new GatewayException(ErrorCode.BUDGET_EXCEEDED, state + " The budget resets in " + seconds + "s.", null,
        Duration.ofSeconds(seconds));
  }

  /**
   * Dollars to the cent at least, to four places, and amounts under a cent to three significant digits: a budget of
   * $0.0012 with $0.000213 spent must not read as $0.0002 spent beside a refusal.
   */
  private static String usd(double amount) {
    BigDecimal exact = BigDecimal.valueOf(amount);
    BigDecimal rounded = (amount != 0 && Math.abs(amount) < 0.01
        ? exact.round(new java.math.MathContext(3, RoundingMode.HALF_UP))
        : exact.setScale(4, RoundingMode.HALF_UP)).stripTrailingZeros();
    return "$" + (rounded.scale() < 2 ? rounded.setScale(2, RoundingMode.UNNECESSARY) : rounded).toPlainString();
  }
}
