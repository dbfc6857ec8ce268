package dev.apprentice.gateway.limits;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls each key and tenant has in flight, against its {@code max_concurrent}: a place is taken when a call is
 * admitted and given back when it ends, whatever the way (answered, failed, refused later, a stream's last chunk or
 * its client leaving). One atomic counter per key or tenant with the limit that has calls in flight, taken without a
 * lock, and dropped when its last call ends: keys come and go (a short-lived key per CI job), and a counter kept for
 * every key that ever called would grow for as long as the server runs. Thread-safe.
 */
public final class CallsInFlight {

  /**
   * Retry-After of a refusal: a place frees as soon as one of the calls in flight ends, which cannot be foreseen (a
   * stream may last a minute, a short call milliseconds); one second, as for a budget held only by calls in
   * progress and for a server shedding load.
   */
  static final Duration RETRY = Duration.ofSeconds(1);

  /** What a dropped counter holds: no place can be taken from it any more, a fresh one is made instead. */
  private static final int DROPPED = -1;

  private record Owner(Scope scope, String name) {}

  /** A place taken under one owner's limit, from the counter it was counted in. */
  private record Place(Owner owner, AtomicInteger count) {}

  private final ConcurrentHashMap<Owner, AtomicInteger> counts = new ConcurrentHashMap<>();

  /** The places one call holds; {@link #leave} gives them back, once. */
  public static final class Places {
    /** Of a call neither of whose limits bounds calls in flight. */
    static final Places NONE = new Places(null, null);
    private final Place key;
    private final Place tenant;
    private final AtomicBoolean left = new AtomicBoolean();

    private Places(Place key, Place tenant) {
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
    Place key = keyLimit == null || caller.keyId() == null ? null
        : take(new Owner(Scope.KEY, caller.keyId()), keyLimit);
    try {
      Place tenant = tenantLimit == null ? null : take(new Owner(Scope.TENANT, caller.tenant()), tenantLimit);
      return new Places(key, tenant);
    } catch (GatewayException refused) {
      if (key != null) giveBack(key);
      throw refused;
    }
  }

  /**
   * The refusal {@link #enter} would throw now, taking no place; empty while the key and its tenant have a place free.
   * A call refused here can be refused without holding, even for a moment, what its other limits would take.
   */
  Optional<GatewayException> refusal(Caller caller) {
    Integer keyLimit = caller.keyLimits().maxConcurrent();
    if (keyLimit != null && caller.keyId() != null && inFlight(Scope.KEY, caller.keyId()) >= keyLimit) {
      return Optional.of(refused(new Owner(Scope.KEY, caller.keyId()), keyLimit));
    }
    Integer tenantLimit = caller.tenantLimits().maxConcurrent();
    if (tenantLimit != null && inFlight(Scope.TENANT, caller.tenant()) >= tenantLimit) {
      return Optional.of(refused(new Owner(Scope.TENANT, caller.tenant()), tenantLimit));
    }
    return Optional.empty();
  }

  /** Gives back the places of a call that ended; a second call changes nothing. */
  public void leave(Places places) {
    // NONE, shared by every call without a max_concurrent, holds nothing: no write to one word every core would share
    if (places == Places.NONE || !places.left.compareAndSet(false, true)) return;
    if (places.key != null) giveBack(places.key);
    if (places.tenant != null) giveBack(places.tenant);
  }

  /** The calls {@code scope}'s {@code owner} has in flight now. */
  int inFlight(Scope scope, String owner) {
    AtomicInteger count = counts.get(new Owner(scope, owner));
    return count == null ? 0 : Math.max(0, count.get());
  }

  /** How many keys and tenants have a counter. */
  int counters() {
    return counts.size();
  }

  private Place take(Owner owner, int limit) {
    while (true) {
      AtomicInteger count = counts.computeIfAbsent(owner, o -> new AtomicInteger());
      int now = count.get();
      if (now == DROPPED) {
        counts.remove(owner, count); // its last call ended meanwhile: count in a fresh one
        continue;
      }
      if (now >= limit) throw refused(owner, limit);
      if (count.compareAndSet(now, now + 1)) return new Place(owner, count);
    }
  }

  /**
   * Gives one place back; the owner's last place drops its counter. A call taking a place meanwhile either counted in
   * it first (then it is not dropped) or finds it dropped and makes a fresh one, so no place is ever counted in a
   * counter that was dropped.
   */
  private void giveBack(Place place) {
    if (place.count.decrementAndGet() == 0 && place.count.compareAndSet(0, DROPPED)) {
      counts.remove(place.owner, place.count);
    }
  }

  private static GatewayException refused(Owner owner, int limit) {
    return new GatewayException(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many calls at once: "
        + owner.scope.describe(owner.name) + " allows " + limit + " call" + (limit == 1 ? "" : "s") + " in flight at"
        + " once (max_concurrent), and that many are running; a place frees when one of them ends (a stream when it"
        + " ends). Try again in " + RETRY.toSeconds() + "s.", null, RETRY);
  }
}
