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

  /**
   * True once a client key has been created, revoked or not: anonymous loopback access ends for good then (revoking
   * every key during an incident must not open the gateway to anyone who drops the header).
   */
  boolean anyClientKeyCreated();
}
