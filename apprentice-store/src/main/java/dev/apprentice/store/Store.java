package dev.apprentice.store;

import dev.apprentice.store.jdbc.Database;
import dev.apprentice.store.jdbc.JdbcDatasetStore;
import dev.apprentice.store.jdbc.JdbcEvaluationStore;
import dev.apprentice.store.jdbc.JdbcKeyStore;
import dev.apprentice.store.jdbc.JdbcPromptStore;
import dev.apprentice.store.jdbc.JdbcTraceStore;
import dev.apprentice.store.jdbc.Migrations;

/**
 * The opened database: traces, keys, prompts, datasets and evaluation runs, migrated to the current schema. Today only SQLite ({@code jdbc:sqlite:PATH},
 * WAL, {@code synchronous=NORMAL}, 5 s busy timeout, foreign keys on). No connection pool: every write runs on one
 * long-lived writer connection under a lock (SQLite admits one writer at a time anyway), and every read opens its
 * own short-lived connection (SQLite opens a file in well under a millisecond; WAL lets reads run beside the writer).
 * Runtime writes go through an {@link AsyncTraceWriter}, never from request threads.
 */
public final class Store implements AutoCloseable {

  private final Database database;
  private final TraceStore traces;
  private final KeyStore keys;
  private final PromptStore prompts;
  private final DatasetStore datasets;
  private final EvaluationStore evaluations;

  private Store(Database database) {
    this.database = database;
    this.traces = new JdbcTraceStore(database);
    this.keys = new JdbcKeyStore(database);
    this.prompts = new JdbcPromptStore(database);
    this.datasets = new JdbcDatasetStore(database);
    this.evaluations = new JdbcEvaluationStore(database);
  }

  /**
   * Opens (creating it and its directory when missing) and migrates the database.
   *
   * @throws IllegalArgumentException for a URL other than {@code jdbc:sqlite:PATH}
   * @throws StoreException when the file cannot be opened (the message names the path) or a migration is refused
   */
  public static Store open(String jdbcUrl) {
    Database database = Database.openSqlite(jdbcUrl);
    try {
      Migrations.bundled().apply(database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return new Store(database);
  }

  /** Fails, naming the file and what to do, when the database cannot be written (a read-only file or folder). */
  public void requireWritable() {
    database.requireWritable();
  }

  public TraceStore traces() {
    return traces;
  }

  public KeyStore keys() {
    return keys;
  }

  /** The prompt registry. */
  public PromptStore prompts() {
    return prompts;
  }

  /** Versioned datasets (also the {@link dev.apprentice.api.dataset.Datasets} an evaluation reads). */
  public DatasetStore datasets() {
    return datasets;
  }

  /** Evaluation runs and their item results. */
  public EvaluationStore evaluations() {
    return evaluations;
  }

  /** True when the database answers a query (for readiness checks); never throws. */
  public boolean healthy() {
    return problem().isEmpty();
  }

  /**
   * Why the database does not answer a query — its file deleted or replaced while open, or a read that fails — or
   * empty when it does (for readiness checks); never throws.
   */
  public java.util.Optional<String> problem() {
    try {
      boolean answered = database.read(c -> {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
          return rs.next();
        }
      });
      return answered ? java.util.Optional.empty() : java.util.Optional.of("the database answered no row");
    } catch (RuntimeException e) {
      return java.util.Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** The JDBC URL the store was opened with. */
  public String url() {
    return database.url();
  }

  /** Closes the writer connection; close the {@link AsyncTraceWriter} feeding this store first. */
  @Override
  public void close() {
    database.close();
  }
}
