package dev.apprentice.store.jdbc;

import dev.apprentice.api.files.DataFolders;
import dev.apprentice.api.files.FileProblems;
import dev.apprentice.api.files.PrivateFiles;
import dev.apprentice.store.StoreException;
import dev.apprentice.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections to one SQLite database file: one long-lived writer connection, used under a lock for every
 * write transaction, and a short-lived connection per read (SQLite opens a file in well under a millisecond, and
 * WAL lets readers run beside the writer), so no pool is needed.
 */
public final class Database implements AutoCloseable {

  /** Work done with a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final String PREFIX = "jdbc:sqlite:";
  /** The system property that tells SQLite's driver where to unpack its native library. */
  private static final String DRIVER_FOLDER = "org.sqlite.tmpdir";
  private static final Object DRIVER_FOLDER_SET = new Object();
  static final int BUSY_TIMEOUT_MS = 5_000;
  /**
   * SQLite's primary result codes for a write refused by the database's circumstances rather than by the data: busy,
   * locked, out of memory, read-only, I/O error, full, cannot open, lock protocol.
   */
  private static final Set<Integer> UNAVAILABLE = Set.of(5, 6, 7, 8, 10, 13, 14, 15);

  private final String url;
  private final Path file;
  /** The opened file's identity (device and inode on POSIX); null where the file system has none. */
  private final Object fileKey;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;

  private Database(String url, Path file, Object fileKey, Connection writer) {
    this.url = url;
    this.file = file;
    this.fileKey = fileKey;
    this.writer = writer;
  }

  /**
   * Opens {@code jdbc:sqlite:PATH} in WAL mode, creating the missing directories (0700) and the file (0600) when
   * missing, on a POSIX file system: it holds prompts, answers and key hashes ({@link PrivateFiles}).
   */
  public static Database openSqlite(String url) {
    Path file = sqliteFile(url);
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        PrivateFiles.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of the database " + file + ": " + FileProblems.why(e), e);
    }
    if (parent != null) unpackTheDriverBeside(parent);
    try {
      PrivateFiles.createFile(file); // SQLite gives its -wal and -shm files the database file's permissions
    } catch (IOException e) {
      throw new StoreException("cannot create the database " + file + ": " + FileProblems.why(e), e);
    }
    try {
      Connection writer = connect(url, true);
      try (Statement s = writer.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
      }
      return new Database(url, file, fileKey(file), writer);
    } catch (SQLException e) {
      throw new StoreException("cannot open the database " + file + ": " + SqliteProblems.describe(file, e), e);
    }
  }

  /**
   * Where SQLite's driver unpacks its native library when the process first connects: the {@code native/} folder
   * beside the database (the data directory's, by default), created owner-only since a library others could write
   * would run inside the process, instead of the temporary directory, so that nothing of an install is written outside
   * its data directory. The driver deletes its copy when the process ends, and one left by a process that was killed
   * when it next unpacks there. Set once per process; an {@code org.sqlite.tmpdir} the user set is kept, and a folder
   * that cannot be made leaves the driver to its default rather than keep the database from opening.
   *
   * <p>That the first database's folder wins is harmless for a second store with another data directory in the same
   * process (a test JVM, an evaluation beside a server): the driver reads the property only while it first loads its
   * library ({@code SQLiteJDBCLoader.initialize}, once per process), so a folder set for a later store would never be
   * used, and every store runs on the one library already loaded. SQLite's own temporary files do not follow this
   * property. Removing the first data directory while the process runs does not unload the library (a mapped file
   * outlives its name on POSIX); the second store's directory simply gets no {@code native/} folder.
   */
  private static void unpackTheDriverBeside(Path databaseFolder) {
    synchronized (DRIVER_FOLDER_SET) {
      if (System.getProperty(DRIVER_FOLDER) != null) return;
      try {
        Path folder = PrivateFiles.createDirectories(DataFolders.nativeLibraries(databaseFolder));
        System.setProperty(DRIVER_FOLDER, folder.toString());
      } catch (IOException e) {
        // the temporary directory, then, as the driver does by itself
      }
    }
  }

  /** The database file of a {@code jdbc:sqlite:} URL; in-memory and temporary databases are refused. */
  public static Path sqliteFile(String url) {
    if (url == null || !url.startsWith(PREFIX)) {
      throw new IllegalArgumentException("unsupported store URL '" + url
          + "': only jdbc:sqlite:PATH is supported (PostgreSQL is not available yet)");
    }
    String path = url.substring(PREFIX.length());
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    int query = path.indexOf('?');
    String params = query < 0 ? "" : path.substring(query + 1);
    path = query < 0 ? path : path.substring(0, query);
    if (path.isBlank() || path.equals(":memory:") || params.contains("mode=memory")) {
      throw new IllegalArgumentException("store URL '" + url
          + "' names no file: the store needs a database file (reads use their own connections)");
    }
    return Path.of(path);
  }

  /**
   * A connection with the busy timeout set. The writer's transactions begin IMMEDIATE: a transaction that reads
   * before it writes would otherwise have to upgrade its lock, and SQLite fails such an upgrade at once with
   * SQLITE_BUSY, without waiting, whenever another process (the server's trace writer, a CLI command on the same
   * data directory) holds the write lock.
   */
  private static Connection connect(String url, boolean writer) throws SQLException {
    Properties properties = new Properties();
    if (writer) properties.setProperty("transaction_mode", "IMMEDIATE");
    Connection c = DriverManager.getConnection(url, properties);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      s.execute("PRAGMA foreign_keys = ON");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  public String url() {
    return url;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /**
   * Why the database file is no longer the one this opened — deleted, or replaced, while the server ran (its
   * connection would go on writing to the deleted file, and a new read connection would create an empty one) — or
   * empty while it is.
   */
  public Optional<String> gone() {
    if (fileKey == null) return Optional.empty();
    Object now = fileKey(file);
    if (Objects.equals(now, fileKey)) return Optional.empty();
    return Optional.of("the database file " + file + (now == null ? " was deleted" : " was replaced")
        + " while the server ran; restart the server to open the data directory again");
  }

  private void ensurePresent() {
    Optional<String> gone = gone();
    if (gone.isPresent()) throw new StoreUnavailableException(gone.get());
  }

  /** A failed statement as a store failure: {@link StoreUnavailableException} when writing again can succeed. */
  private StoreException failure(String what, SQLException e) {
    String message = what + " failed on " + url + ": " + SqliteProblems.describe(file, e);
    return unavailable(e) ? new StoreUnavailableException(message, e) : new StoreException(message, e);
  }

  private static boolean unavailable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.sqlite.SQLiteException sqlite && UNAVAILABLE.contains(sqlite.getErrorCode() & 0xFF)) {
        return true;
      }
    }
    return false;
  }

  /** The journal mode the database runs in ({@code wal} normally). */
  public String journalMode() {
    return read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        return rs.next() ? rs.getString(1) : "";
      }
    });
  }

  /**
   * Fails, naming the file and what to do, when SQLite cannot write the database: a file or folder read-only to this
   * process, a read-only mount. Nothing is changed: the probe writes the header's user_version as it read it, and
   * rolls back. A server must know this at start, not once its first traces are dropped; SQLite opens such a file
   * read-only without a word, and reads, and even the migrations of a current database, work on it.
   */
  public void requireWritable() {
    writeLock.lock();
    try {
      ensureOpen();
      inTransaction(c -> {
        int version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
          version = rs.next() ? rs.getInt(1) : 0;
        }
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA user_version = " + version);
        }
        c.rollback(); // only a probe: what commits after this is an empty transaction
        return null;
      });
    } catch (SQLException e) {
      throw new StoreException("cannot write the database " + file + ": " + SqliteProblems.describe(file, e), e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code work} in one transaction on the writer connection, under the write lock. */
  public <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      ensurePresent();
      return inTransaction(work);
    } catch (SQLException e) {
      throw failure("database write", e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs {@code work} between BEGIN IMMEDIATE and COMMIT. The first failure is the one thrown: ending the transaction
   * after a BEGIN that found the database locked, or a COMMIT that found the disk full, fails too ("no transaction is
   * active"), and must not hide why.
   */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    Exception failed = null;
    try {
      writer.setAutoCommit(false); // sqlite-jdbc's BEGIN IMMEDIATE: waits for the write lock up to the busy timeout
      T result = work.run(writer);
      writer.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      failed = e;
      rollbackQuietly(e);
      throw e;
    } finally {
      try {
        writer.setAutoCommit(true);
      } catch (SQLException e) {
        if (failed == null) throw e;
        failed.addSuppressed(e);
      }
    }
  }

  /** Runs {@code work} on a fresh connection that is closed afterwards. */
  public <T> T read(Work<T> work) {
    ensureOpen();
    ensurePresent();
    try (Connection c = connect(url, false)) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure("database read", e);
    }
  }

  private void rollbackQuietly(Exception cause) {
    try {
      writer.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the store " + url + " is closed");
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      writer.close();
    } catch (SQLException e) {
      throw new StoreException("closing the database " + url + " failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }
}
