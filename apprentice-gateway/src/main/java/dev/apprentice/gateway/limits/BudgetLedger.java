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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * USD spend of keys and tenants per UTC day and month, against their budgets. A call reserves its worst-case cost
 * before it runs and settles its actual cost when it ends, so calls in flight cannot together overrun a budget.
 * Thread-safe (one lock around tiny critical sections); days and months roll over by the clock.
 */
public final class BudgetLedger {

  private static final double EPSILON = 1e-9;

  private record Account(Scope scope, String owner, Window window, LocalDate start) {}

  /** A call's reserved worst-case cost; {@link #settle} it exactly once. */
  public static final class Reservation {
    private final String keyId;
    private final String tenant;
    private final List<Account> accounts;
    private final double amount;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Reservation(String keyId, String tenant, List<Account> accounts, double amount) {
      this.keyId = keyId;
      this.tenant = tenant;
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

  /** Adds earlier spend (the store's totals at start); rows outside the current UTC month are ignored. */
  public synchronized void load(List<Spend> history) {
    LocalDate now = rollOver();
    for (Spend s : history) {
      if (Window.MONTH.start(s.day()).equals(Window.MONTH.start(now)) && !s.day().isAfter(now)) {
        add(s.keyId(), s.tenant(), s.day(), now, s.costUsd());
      }
    }
  }

  /**
   * Reserves {@code worstCaseUsd} against every budget of the caller (key and tenant, day and month), or throws 429
   * {@code budget_exceeded} with Retry-After set to the start of the next UTC day or month, reserving nothing.
   */
  public Reservation reserve(Caller caller, double worstCaseUsd) {
    double amount = Math.max(0, worstCaseUsd);
    synchronized (this) {
      LocalDate now = rollOver();
      List<Account> accounts = new ArrayList<>(4);
      if (caller.keyId() != null) check(accounts, Scope.KEY, caller.keyId(), caller.keyLimits(), now, amount);
      check(accounts, Scope.TENANT, caller.tenant(), caller.tenantLimits(), now, amount);
      for (Account a : accounts) reserved.merge(a, amount, Double::sum);
      return new Reservation(caller.keyId(), caller.tenant(), List.copyOf(accounts), amount);
    }
  }

  /** Ends a reservation and records what the call actually cost, even when that is more than was reserved. */
  public void settle(Reservation reservation, double actualUsd) {
    if (!reservation.settled.compareAndSet(false, true)) return;
    synchronized (this) {
      LocalDate now = rollOver();
      for (Account a : reservation.accounts) {
        reserved.computeIfPresent(a, (k, v) -> v - reservation.amount <= EPSILON ? null : v - reservation.amount);
      }
      add(reservation.keyId, reservation.tenant, now, now, Math.max(0, actualUsd));
    }
  }

  /** What has been spent in the current window (reservations not included). */
  synchronized double spent(Scope scope, String owner, Window window) {
    LocalDate now = rollOver();
    return spent.getOrDefault(new Account(scope, owner, window, window.start(now)), 0.0);
  }

  private void check(List<Account> accounts, Scope scope, String owner, Limits limits, LocalDate now, double amount) {
    check(accounts, scope, owner, Window.DAY, limits.budgetUsdPerDay(), now, amount);
    check(accounts, scope, owner, Window.MONTH, limits.budgetUsdPerMonth(), now, amount);
  }

  private void check(List<Account> accounts, Scope scope, String owner, Window window, Double budget, LocalDate now,
      double amount) {
    if (budget == null) return;
    Account account = new Account(scope, owner, window, window.start(now));
    double done = spent.getOrDefault(account, 0.0);
    double held = reserved.getOrDefault(account, 0.0);
    if (done + held + amount > budget + EPSILON) throw refused(scope, owner, window, budget, done, held, amount, now);
    accounts.add(account);
  }

  private void add(String keyId, String tenant, LocalDate day, LocalDate now, double usd) {
    for (Window w : Window.values()) {
      if (!w.start(day).equals(w.start(now))) continue;
      if (keyId != null) spent.merge(new Account(Scope.KEY, keyId, w, w.start(day)), usd, Double::sum);
      spent.merge(new Account(Scope.TENANT, tenant, w, w.start(day)), usd, Double::sum);
    }
  }

  /** Today by the clock; on a new day, forgets the accounts of windows that have ended. */
  private LocalDate rollOver() {
    LocalDate now = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (!now.equals(today)) {
      today = now;
      spent.keySet().removeIf(a -> !a.start().equals(a.window().start(now)));
      reserved.keySet().removeIf(a -> !a.start().equals(a.window().start(now)));
    }
    return now;
  }

  private GatewayException refused(Scope scope, String owner, Window window, double budget, double done, double held,
      double amount, LocalDate now) {
    Instant next = window.next(now).atStartOfDay(ZoneOffset.UTC).toInstant();
    long seconds = Math.max(1, Math.ceilDiv(Duration.between(clock.instant(), next).toMillis(), 1000L));
    String message = "Budget exceeded: the " + window.label() + " budget of " + scope.describe(owner) + " is "
        + usd(budget) + " and " + usd(done) + " is spent" + (held > 0 ? " (" + usd(held) + " more reserved by calls in"
        + " progress)" : "") + "; this call may cost up to " + usd(amount) + ". The budget resets in " + seconds + "s.";
    return new GatewayException(ErrorCode.BUDGET_EXCEEDED, message, null, Duration.ofSeconds(seconds));
  }

  private static String usd(double amount) {
    BigDecimal rounded = BigDecimal.valueOf(amount).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return "$" + (rounded.scale() < 2 ? rounded.setScale(2, RoundingMode.UNNECESSARY) : rounded).toPlainString();
  }
}
