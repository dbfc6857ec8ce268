package dev.apprentice.store.jdbc;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * SQLite's failures in words an operator acts on, instead of the driver's ({@code [SQLITE_CORRUPT] The database disk
 * image is malformed (database disk image is malformed)}): what is wrong with the file and what to do. Failures
 * without such advice keep SQLite's own words, once.
 */
final class SqliteProblems {

  private static final int BUSY = 5;
  private static final int LOCKED = 6;
  private static final int READONLY = 8;
  private static final int CORRUPT = 11;
  private static final int FULL = 13;
  private static final int NOTADB = 26;

  private SqliteProblems() {}

  /** Why {@code e} failed on the database {@code file}, in a few words. */
  static String describe(Path file, SQLException e) {
    SQLiteException sqlite = sqliteCause(e);
    if (sqlite == null) return e.getMessage();
    return switch (sqlite.getErrorCode() & 0xFF) {
      case BUSY, LOCKED -> "the database is locked: another process (a server or an apprentice command on the same "
          + "data directory) held its write lock for more than " + Database.BUSY_TIMEOUT_MS / 1000 + " s; try again once it is done";
      case READONLY -> "the database is read-only to this process: make " + file + " and its folder writable by "
          + "the user Apprentice runs as (SQLite writes " + file.getFileName() + "-wal and -shm beside it)";
      case CORRUPT -> "the database file is damaged (SQLite: database disk image is malformed): restore it from a "
          + "backup, or move it away (with its -wal and -shm files) to start with an empty one";
      case NOTADB -> "the file is not an SQLite database: restore it from a backup, or move it away to start with an "
          + "empty one";
      case FULL -> "the disk is full: free space on it";
      default -> sqliteWords(sqlite);
    };
  }

  private static SQLiteException sqliteCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) return sqlite;
    }
    return null;
  }

  /** SQLite's message without the driver's code and repeated description: "[SQLITE_X] Words (words)" → "words". */
  private static String sqliteWords(SQLiteException e) {
    String message = e.getMessage();
    if (message == null) return "SQLite error " + e.getErrorCode();
    int open = message.lastIndexOf(" (");
    boolean driverForm = message.startsWith("[") && open > 0 && message.endsWith(")");
    return driverForm ? message.substring(open + 2, message.length() - 1) : message;
  }
}
