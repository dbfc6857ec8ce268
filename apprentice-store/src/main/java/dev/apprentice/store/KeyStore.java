package dev.apprentice.store;

import dev.apprentice.api.access.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored keys (hashes only). */
public interface KeyStore {

  /** Stores a new key; its id must be unique. */
  void insert(ApiKey key);

  /** Every key, revoked ones included, oldest first. */
  List<ApiKey> list();

  Optional<ApiKey> find(String id);

  /** Marks a key revoked; false when no active key has this id. */
  boolean revoke(String id, Instant at);

  /** True when at least one active client key exists (anonymous loopback access ends then). */
  boolean anyActiveClientKey();
}
