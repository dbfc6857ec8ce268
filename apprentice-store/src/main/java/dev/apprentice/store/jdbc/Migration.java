package dev.apprentice.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One versioned schema change: {@code V<version>__<description>.sql}.
 *
 * @param sql statements separated by semicolons; {@code --} comments are allowed, semicolons inside comments or
 *            string literals are not
 */
public record Migration(int version, String description, String sql) {

  public Migration {
    if (version < 1) {
      throw new IllegalArgumentException("migration versions start at 1, got " + version);
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
  }

  /** Parses a resource name such as {@code V1__init.sql}. */
  public static Migration of(String fileName, String sql) {
    if (!fileName.matches("V[0-9]+__[A-Za-z0-9_]+\\.sql")) {
      throw new IllegalArgumentException("migration file '" + fileName + "' is not named V<n>__<description>.sql");
    }
    int split = fileName.indexOf("__");
    int version = Integer.parseInt(fileName.substring(1, split));
    String description = fileName.substring(split + 2, fileName.length() - ".sql".length()).replace('_', ' ');
    return new Migration(version, description, sql);
  }

  /** SHA-256 of the SQL with line endings normalized, so a CRLF checkout does not look like a change. */
  public String checksum() {
    try {
      byte[] text = sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The SQL statements, comments removed. */
  public List<String> statements() {
    StringBuilder text = new StringBuilder();
    for (String line : sql.split("\\R")) {
      int comment = line.indexOf("--");
      text.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String statement : text.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  /** {@code V1 (init)}, for messages. */
  public String label() {
    return "V" + version + " (" + description + ")";
  }
}
