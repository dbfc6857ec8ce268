package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.ApiKey.Role;
import dev.apprentice.api.access.Limits;
import dev.apprentice.store.KeyStore;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcKeyStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;
  private Store store;
  private KeyStore keys;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    keys = store.keys();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ApiKey key(String id, Role role, Instant created) {
    return new ApiKey(id, role, "acme", "key " + id, "0f".repeat(32), Set.of(), Limits.NONE, created, null);
  }

  @Test
  void aKeyRoundTripsWithModelsAndLimits() {
    ApiKey full = new ApiKey("k1", Role.CLIENT, "acme", "ci", "ab".repeat(32), Set.of("gpt", "claude"),
        new Limits(60, 100_000, 5.0, 100.0), T0, null);
    ApiKey bare = new ApiKey("k2", Role.ADMIN, "ops", null, "cd".repeat(32), null, null, T0.plusSeconds(1), null);

    keys.insert(full);
    keys.insert(bare);

    assertThat(keys.find("k1")).contains(full);
    assertThat(keys.find("k2")).contains(bare);
    assertThat(keys.find("nope")).isEmpty();
  }

  @Test
  void aKeysBoundOnCallsInFlightAndItsExpiryRoundTripAndStayThroughItsRevocation() {
    ApiKey expiring = new ApiKey("k1", Role.CLIENT, "acme", "ci", "ab".repeat(32), Set.of(),
        new Limits(null, null, null, null, 4), T0, null, T0.plusSeconds(3600));

    keys.insert(expiring);
    keys.revoke("k1", T0.plusSeconds(60));

    assertThat(keys.find("k1")).contains(expiring.revoked(T0.plusSeconds(60)));
    assertThat(keys.find("k1").orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(keys.find("k1").orElseThrow().limits().maxConcurrent()).isEqualTo(4);
  }

  @Test
  void listIsOldestFirstAndIncludesRevokedKeys() {
    keys.insert(key("late", Role.CLIENT, T0.plusSeconds(10)));
    keys.insert(key("early", Role.ADMIN, T0));
    keys.revoke("late", T0.plusSeconds(20));

    assertThat(keys.list()).extracting(ApiKey::id).containsExactly("early", "late");
    assertThat(keys.list().get(1).revokedAt()).isEqualTo(T0.plusSeconds(20));
  }

  @Test
  void aDuplicateIdIsRefused() {
    keys.insert(key("k1", Role.CLIENT, T0));

    assertThatThrownBy(() -> keys.insert(key("k1", Role.ADMIN, T0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k1");
  }

  @Test
  void revokingTwiceOrAnUnknownKeyReportsFalse() {
    keys.insert(key("k1", Role.CLIENT, T0));

    assertThat(keys.revoke("k1", T0.plusSeconds(5))).isTrue();
    assertThat(keys.revoke("k1", T0.plusSeconds(9))).isFalse();
    assertThat(keys.revoke("unknown", T0)).isFalse();
    assertThat(keys.find("k1")).get().extracting(ApiKey::revokedAt).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aClientKeyCountsOnceCreatedEvenAfterItIsRevokedAndAnAdminKeyNever() {
    keys.insert(key("admin", Role.ADMIN, T0));
    assertThat(keys.anyClientKeyCreated()).isFalse();

    keys.insert(key("client", Role.CLIENT, T0));
    keys.revoke("client", T0.plusSeconds(1));
    assertThat(keys.anyClientKeyCreated()).isTrue();
  }
}
