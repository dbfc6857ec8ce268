package dev.apprentice.server.access;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.store.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Creating, listing, revoking and looking up keys. Lookups are cached for a moment so that authentication costs no
 * database read on the hot path; a key revoked through this service is refused at once, one revoked by another
 * process sharing the database (the CLI on the data directory) within {@link #RECHECK}.
 *
 * <p>A store that does not answer a lookup fails the call closed, 503 {@code store_unavailable} ({@link KeyReads}):
 * which keys are active cannot be known without the key table. Answers read before the failure are trusted for the
 * rest of their {@link #RECHECK}, not longer: keeping them through a spell of failed reads would let a key revoked by
 * another process meanwhile (which may still write while this one cannot read) go on calling for as long as the
 * spell lasts, and the spell that lasts — a deleted data directory — ends only with a restart, so it would only
 * postpone the refusals.
 */
public final class Keys {

  /** How long a looked-up key (or its absence) is trusted before the store is asked again. */
  public static final Duration RECHECK = Duration.ofSeconds(2);

  private final KeyStore store;
  private final Clock clock;
  private final LoadingCache<String, Optional<ApiKey>> byId;
  private final LoadingCache<Boolean, Boolean> anyClientKey;

  public Keys(KeyStore store, Clock clock) {
    this(store, clock, System::nanoTime);
  }

  /** @param nanos the monotonic clock that times a spell of failed reads for the log */
  Keys(KeyStore store, Clock clock, LongSupplier nanos) {
    this.store = store;
    this.clock = clock;
    KeyReads reads = new KeyReads(nanos);
    this.byId = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(RECHECK)
        .build(id -> reads.read(() -> store.find(id)));
    this.anyClientKey = Caffeine.newBuilder().expireAfterWrite(RECHECK)
        .build(k -> reads.read(store::anyClientKeyCreated));
  }

  /** A key and its text, which is shown only this once. */
  public record Created(ApiKey key, String secretKey) {}

  public Created create(ApiKey.Role role, String tenant, String name, Set<String> models, Limits limits) {
    return create(role, tenant, name, models, limits, null);
  }

  /** @param expiresAt when the key stops being accepted (kept to the millisecond), or null for never */
  public Created create(ApiKey.Role role, String tenant, String name, Set<String> models, Limits limits,
      Instant expiresAt) {
    KeySecrets.Minted minted = KeySecrets.mint();
    // to the millisecond, as the store keeps it: the answer that shows the key once says what every list will say
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ApiKey key = new ApiKey(minted.id(), role, tenant, name, minted.secretHash(), models, limits, createdAt, null,
        expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS));
    store.insert(key);
    byId.invalidate(key.id());
    anyClientKey.invalidateAll();
    return new Created(key, minted.key());
  }

  public List<ApiKey> list() {
    return store.list();
  }

  /**
   * Revokes a client key; false when there is no active key with that id. The admin key cannot be revoked here
   * (that would lock the admin API out): replace it with {@code APPRENTICE_ADMIN_KEY}.
   */
  public boolean revoke(String id) {
    Optional<ApiKey> existing = store.find(id);
    if (existing.isPresent() && existing.get().role() == ApiKey.Role.ADMIN) {
      throw new IllegalArgumentException("key '" + id + "' is the admin key and cannot be revoked; set "
          + AdminKey.ENV + " to replace it");
    }
    boolean revoked = store.revoke(id, clock.instant());
    byId.invalidate(id);
    anyClientKey.invalidateAll();
    return revoked;
  }

  /**
   * The active, unexpired key a client presented, when its secret matches; a {@link GatewayException} 503
   * {@code store_unavailable} when the store does not answer.
   */
  public Optional<ApiKey> verify(String presented) {
    return matching(presented).filter(key -> !expired(key));
  }

  /**
   * The unrevoked key a client presented, when its secret matches, expired or not (to tell its holder it expired);
   * 503 as {@link #verify}.
   */
  public Optional<ApiKey> matching(String presented) {
    KeySecrets.Parsed parsed = KeySecrets.parse(presented);
    if (parsed == null) return Optional.empty();
    return byId.get(parsed.id())
        .filter(ApiKey::active)
        .filter(key -> KeySecrets.matches(parsed.secret(), key.secretHash()));
  }

  /** True once {@code key}'s expiry has come, by this service's clock. */
  public boolean expired(ApiKey key) {
    return key.expiresAt() != null && key.expiredAt(clock.instant()); // no clock read for a key that never expires
  }

  /** True once a client key has been created (revoked or not); 503 as {@link #verify} when the store cannot say. */
  public boolean anyClientKey() {
    return anyClientKey.get(Boolean.TRUE);
  }

  /** The active admin key stored in the database, if one was generated. */
  /** Revokes the admin keys kept in the store (replaced by one from the environment). */
  public void revokeStoredAdminKeys() {
    store.list().stream().filter(k -> k.role() == ApiKey.Role.ADMIN && k.active()).forEach(k -> {
      store.revoke(k.id(), clock.instant());
      byId.invalidate(k.id());
    });
  }

  public Optional<ApiKey> storedAdminKey() {
    return store.list().stream().filter(k -> k.role() == ApiKey.Role.ADMIN && k.active()).findFirst();
  }
}
