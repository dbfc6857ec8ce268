package dev.apprentice.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.store.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysTest {

  private final RecordingKeyStore store = new RecordingKeyStore();
  private final Keys keys = new Keys(store, Clock.systemUTC());

  @Test
  void aPresentedKeyWhoseIdIsNotShapedLikeAMintedOneIsRefusedWithoutALookupOrAPlaceInTheCache() {
    List<String> hostile = List.of("ak-" + "a".repeat(16_000) + "-secret", "ak-0123456789ab0-secret",
        "ak-0123456789AB-secret", "ak-01234567\u0661\u0662ab-secret", "ak--secret", "ak-0123456789ab-",
        "ak-../../etc-secret");

    for (String presented : hostile) assertThat(keys.verify(presented)).as(presented).isEmpty();

    assertThat(store.lookups).as("anyone who reaches the port may send these: they must not fill the key cache")
        .isEmpty();
  }

  @Test
  void aMintedKeyIsVerifiedAndRefusedAtOnceOnceRevoked() {
    Keys.Created created = keys.create(ApiKey.Role.CLIENT, "acme", "demo", Set.of(), Limits.NONE);

    assertThat(keys.verify(created.secretKey())).map(ApiKey::id).contains(created.key().id());
    assertThat(keys.verify(created.secretKey() + "x")).isEmpty();
    keys.revoke(created.key().id());
    assertThat(keys.verify(created.secretKey())).isEmpty();
  }

  @Test
  void aSpellOfFailedKeyReadsIsRefusedAs503AndLoggedAtItsStartAtMostOnceAMinuteAndAtItsEnd() {
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    Keys timed = new Keys(store, Clock.systemUTC(), nanos::get);
    Keys.Created created = timed.create(ApiKey.Role.CLIENT, "acme", "demo", Set.of(), Limits.NONE);
    List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(Keys.class.getName());
    java.util.logging.Handler keep = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(keep);
    try {
      store.failure = new dev.apprentice.store.StoreUnavailableException("the database file x was deleted");
      for (int call = 0; call < 5; call++) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> timed.verify(created.secretKey()))
            .isInstanceOfSatisfying(dev.apprentice.api.GatewayException.class, refusal -> {
              assertThat(refusal.code()).isEqualTo(dev.apprentice.api.ErrorCode.STORE_UNAVAILABLE);
              assertThat(refusal.retryAfter()).isEqualTo(KeyReads.RETRY_AFTER);
            });
        nanos.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
      }
      store.failure = null;
      assertThat(timed.verify(created.secretKey())).isPresent();
      assertThat(timed.verify(created.secretKey())).isPresent();
    } finally {
      log.removeHandler(keep);
    }

    assertThat(logged).extracting(java.util.logging.LogRecord::getMessage).satisfiesExactly(
        start -> assertThat(start).startsWith("cannot read API keys: the database file x was deleted"),
        summary -> assertThat(summary).startsWith("API keys still cannot be read after 60 s").contains("4 calls"),
        end -> assertThat(end).startsWith("API keys are read again after 100 s").contains("5 calls"));
    assertThat(logged.getFirst().getThrown()).as("the cause's stack trace, once").isNotNull();
  }

  /** Keys in memory, recording every id looked up. */
  private static final class RecordingKeyStore implements KeyStore {
    final Map<String, ApiKey> byId = new LinkedHashMap<>();
    final List<String> lookups = new ArrayList<>();
    /** What every read throws while set. */
    volatile RuntimeException failure;

    @Override
    public void insert(ApiKey key) {
      byId.put(key.id(), key);
    }

    @Override
    public List<ApiKey> list() {
      return List.copyOf(byId.values());
    }

    @Override
    public Optional<ApiKey> find(String id) {
      lookups.add(id);
      if (failure != null) throw failure;
      return Optional.ofNullable(byId.get(id));
    }

    @Override
    public boolean revoke(String id, Instant at) {
      ApiKey key = byId.get(id);
      if (key == null || !key.active()) return false;
      byId.put(id, new ApiKey(key.id(), key.role(), key.tenant(), key.name(), key.secretHash(), key.models(),
          key.limits(), key.createdAt(), at));
      return true;
    }

    @Override
    public boolean anyClientKeyCreated() {
      if (failure != null) throw failure;
      return byId.values().stream().anyMatch(k -> k.role() == ApiKey.Role.CLIENT);
    }
  }
}
