package dev.apprentice.gateway.limits;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests-per-minute and tokens-per-minute limits of keys and tenants, as token buckets that refill greedily over a
 * minute (capacity = the limit). Buckets are made on first use and remade when a limit changes. Thread-safe.
 */
public final class RateLimiter {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private enum Kind { RPM, TPM }

  private record Id(Scope scope, String owner, Kind kind) {}

  private record Metered(long limit, Bucket bucket) {}

  private record Taken(Bucket bucket, Kind kind, long amount) {}

  /** What one call took from the buckets; {@link #settle} or {@link #release} it exactly once. */
  public static final class Reservation {
    private final List<Taken> taken;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Reservation(List<Taken> taken) {
      this.taken = taken;
    }
  }

  private final ConcurrentHashMap<Id, Metered> buckets = new ConcurrentHashMap<>();
  private final TimeMeter time;

  public RateLimiter() {
    this.time = TimeMeter.SYSTEM_MILLISECONDS;
  }

  /** A limiter whose buckets refill by {@code clock} (tests move a fixed clock by hand). */
  public RateLimiter(Clock clock) {
    this.time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  /**
   * Takes one request and {@code tokens} tokens from every bucket that applies to the caller (a token reservation
   * larger than a TPM limit takes the whole limit). Throws 429 {@code rate_limit_exceeded} with Retry-After when one
   * is short, having given back what it took.
   */
  public Reservation reserve(Caller caller, int tokens) {
    List<Taken> taken = new ArrayList<>(4);
    try {
      if (caller.keyId() != null) take(taken, Scope.KEY, caller.keyId(), caller.keyLimits(), tokens);
      take(taken, Scope.TENANT, caller.tenant(), caller.tenantLimits(), tokens);
    } catch (GatewayException refused) {
      giveBack(taken);
      throw refused;
    }
    return new Reservation(List.copyOf(taken));
  }

  /** Settles the tokens a call actually used: unused ones go back, extra ones are taken regardless of the limit. */
  public void settle(Reservation reservation, int actualTokens) {
    if (!reservation.closed.compareAndSet(false, true)) return;
    for (Taken t : reservation.taken) {
      if (t.kind != Kind.TPM) continue;
      long extra = Math.max(0, actualTokens) - t.amount;
      if (extra < 0) t.bucket.addTokens(-extra);
      else if (extra > 0) t.bucket.consumeIgnoringRateLimits(extra);
    }
  }

  /** Gives back everything a reservation took (the call was refused later, before it was served). */
  public void release(Reservation reservation) {
    if (reservation.closed.compareAndSet(false, true)) giveBack(reservation.taken);
  }

  /** How many buckets exist. */
  int buckets() {
    return buckets.size();
  }

  private void take(List<Taken> taken, Scope scope, String owner, Limits limits, int tokens) {
    if (limits.rpm() != null) taken.add(take(scope, owner, Kind.RPM, limits.rpm(), 1));
    if (limits.tpm() != null) taken.add(take(scope, owner, Kind.TPM, limits.tpm(), Math.max(0, tokens)));
  }

  private Taken take(Scope scope, String owner, Kind kind, long limit, long wanted) {
    if (limit <= 0) throw refused(scope, owner, kind, limit, MINUTE.toNanos());
    Bucket bucket = bucket(new Id(scope, owner, kind), limit);
    long amount = Math.min(wanted, limit);
    if (amount == 0) return new Taken(bucket, kind, 0);
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
    if (!probe.isConsumed()) throw refused(scope, owner, kind, limit, probe.getNanosToWaitForRefill());
    return new Taken(bucket, kind, amount);
  }

  private Bucket bucket(Id id, long limit) {
    Metered current = buckets.get(id);
    if (current != null && current.limit == limit) return current.bucket;
    return buckets.compute(id, (k, old) -> old != null && old.limit == limit ? old : new Metered(limit, newBucket(limit)))
        .bucket;
  }

  private Bucket newBucket(long limit) {
    return Bucket.builder().withCustomTimePrecision(time)
        .addLimit(l -> l.capacity(limit).refillGreedy(limit, MINUTE)).build();
  }

  private static void giveBack(List<Taken> taken) {
    for (Taken t : taken) {
      if (t.amount > 0) t.bucket.addTokens(t.amount);
    }
  }

  private static GatewayException refused(Scope scope, String owner, Kind kind, long limit, long nanosToWait) {
    long seconds = Math.max(1, Math.ceilDiv(nanosToWait, 1_000_000_000L));
    String what = kind == Kind.RPM ? "requests per minute (RPM)" : "tokens per minute (TPM)";
    return new GatewayException(ErrorCode.RATE_LIMIT_EXCEEDED, "Rate limit exceeded: " + scope.describe(owner)
        + " allows " + limit + " " + what + ". Try again in " + seconds + "s.", null, Duration.ofSeconds(seconds));
  }
}
