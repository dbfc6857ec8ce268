package dev.apprentice.store.jdbc;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.store.KeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** API keys over JDBC: hashes only, roles stored in lower case, model lists as JSON arrays. */
public final class JdbcKeyStore implements KeyStore {

  private static final String COLUMNS = "id, role, tenant, name, secret_hash, models, rpm, tpm, budget_usd_per_day, "
      + "budget_usd_per_month, created_at, revoked_at, max_concurrent, expires_at";

  private final Database db;

  public JdbcKeyStore(Database db) {
    this.db = db;
  }

  /** @throws IllegalArgumentException when a key with this id exists already */
  @Override
  public void insert(ApiKey key) {
    int rows = db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
        bind(ps, key);
        return ps.executeUpdate();
      }
    });
    if (rows == 0) {
      throw new IllegalArgumentException("a key with id " + key.id() + " exists already");
    }
  }

  @Override
  public List<ApiKey> list() {
    return db.read(c -> {
      List<ApiKey> keys = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(read(rs));
        }
      }
      return keys;
    });
  }

  @Override
  public Optional<ApiKey> find(String id) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean revoke(String id, Instant at) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
        ps.setLong(1, at.toEpochMilli());
        ps.setString(2, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean anyClientKeyCreated() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM api_keys WHERE role = ? LIMIT 1")) {
        ps.setString(1, role(ApiKey.Role.CLIENT));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  private static void bind(PreparedStatement ps, ApiKey key) throws SQLException {
    Limits limits = key.limits();
    ps.setString(1, key.id());
    ps.setString(2, role(key.role()));
    ps.setString(3, key.tenant());
    ps.setString(4, key.name());
    ps.setString(5, key.secretHash());
    ps.setString(6, Json.strings(key.models().stream().sorted().toList()));
    setNullable(ps, 7, limits.rpm(), Types.INTEGER);
    setNullable(ps, 8, limits.tpm(), Types.INTEGER);
    setNullable(ps, 9, limits.budgetUsdPerDay(), Types.DOUBLE);
    setNullable(ps, 10, limits.budgetUsdPerMonth(), Types.DOUBLE);
    ps.setLong(11, key.createdAt().toEpochMilli());
    setNullable(ps, 12, key.revokedAt() == null ? null : key.revokedAt().toEpochMilli(), Types.BIGINT);
    setNullable(ps, 13, limits.maxConcurrent(), Types.INTEGER);
    setNullable(ps, 14, key.expiresAt() == null ? null : key.expiresAt().toEpochMilli(), Types.BIGINT);
  }

  private static void setNullable(PreparedStatement ps, int index, Object value, int type) throws SQLException {
    if (value == null) {
      ps.setNull(index, type);
    } else {
      ps.setObject(index, value, type);
    }
  }

  private static ApiKey read(ResultSet rs) throws SQLException {
    Limits limits = new Limits(nullableInt(rs, "rpm"), nullableInt(rs, "tpm"),
        nullableDouble(rs, "budget_usd_per_day"), nullableDouble(rs, "budget_usd_per_month"),
        nullableInt(rs, "max_concurrent"));
    return new ApiKey(rs.getString("id"), ApiKey.Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
        rs.getString("tenant"), rs.getString("name"), rs.getString("secret_hash"),
        new HashSet<>(Json.strings(rs.getString("models"))), limits.isNone() ? Limits.NONE : limits,
        Instant.ofEpochMilli(rs.getLong("created_at")), nullableTime(rs, "revoked_at"), nullableTime(rs, "expires_at"));
  }

  private static Instant nullableTime(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  private static String role(ApiKey.Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
