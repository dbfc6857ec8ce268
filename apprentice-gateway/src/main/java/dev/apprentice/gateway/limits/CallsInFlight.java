package dev.apprentice.gateway.limits;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls each key and tenant has in flight, against its {@code max_concurrent}: a place is taken when a call is
 * admitted and given back when it ends, whatever the way (answered, failed, refused later, a stream's last chunk or
 * its client leaving). One atomic counter per key or tenant that has the limit, taken without a lock; a counter is a
 * few bytes, kept for each key and tenant with the limit that ever called. Thread-safe.
 */
public final class CallsInFlight {

  /**
   * Retry-After of a refusal: a place frees as soon as one of the calls in flight ends, which cannot be foreseen (a
   * stream may last a minute, a short call milliseconds); one second, as for a budget held only by calls in
   * progress and for a server shedding load.
   */
  static final Duration RETRY = Duration.ofSeconds(1);

  private record Owner(Scope scope, String name) {}

  private final ConcurrentHashMap<Owner, AtomicInteger> counts = new ConcurrentHashMap<>();

  /** The places one call holds; {@link #leave} gives them back, once. */
  public static final class Places {
    /** Of a call neither of whose limits bounds calls in flight. */
    static final Places NONE = new Places(null, null);
    private final AtomicInteger key;
    private final AtomicInteger tenant;
    private final AtomicBoolean left = new AtomicBoolean();

    private Places(AtomicInteger key, AtomicInteger tenant) {
      this.key = key;
      this.tenant = tenant;
    }
  }

  /**
   * Takes a place for a call of {@code caller} under its key's and its tenant's {@code max_concurrent}, or throws 429
   * {@code rate_limit_exceeded} with Retry-After 1 s, holding nothing.
   */
  public Places enter(Caller caller) {
    Integer keyLimit = caller.keyLimits().maxConcurrent();
    Integer tenantLimit = caller.tenantLimits().maxConcurrent();
    if (keyLimit == null && tenantLimit == null) return Places.NONE;
    AtomicInteger key = keyLimit == null || caller.keyId() == null ? null : take(Scope.KEY, caller.keyId(), keyLimit);
    try {
      AtomicInteger tenant = tenantLimit == null ? null : take(Scope.TENANT, caller.tenant(), tenantLimit);
      return new Places(key, tenant);
    } catch (GatewayException refused) {
      if (key != null) key.decrementAndGet();
      throw refused;
    }
  }

  /** Gives back the places of a call that ended; a second call changes nothing. */
  public void leave(Places places) {
    if (!places.left.compareAndSet(false, true)) return;
    if (places.key != null) places.key.decrementAndGet();
    if (places.tenant != null) places.tenant.decrementAndGet();
  }

  /** The calls {@code scope}'s {@code owner} has in flight now. */
  int inFlight(Scope scope, String owner) {
    AtomicInteger count = counts.get(new Owner(scope, owner));
    return count == null ? 0 : count.get();
  }

  private AtomicInteger take(Scope scope, String owner, int limit) {
    AtomicInteger count = counts.computeIfAbsent(new Owner(scope, owner), o -> new AtomicInteger());
    while (true) {
      int now = count.get();
      if (now >= limit) throw refused(scope, owner, limit);
      if (count.compareAndSet(now, now + 1)) return count;
    }
  }

  private static GatewayException refused(Scope scope, String owner, int limit) {
    return new GatewayException(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many calls at once: " + scope.describe(owner)
        + " allows " + limit + " call" + (limit == 1 ? "" : "s") + " in flight at once (max_concurrent), and that"
        + " many are running; a place frees when one of them ends (a stream when it ends). Try again in "
        + RETRY.toSeconds() + "s.", null, RETRY);
  }
}
