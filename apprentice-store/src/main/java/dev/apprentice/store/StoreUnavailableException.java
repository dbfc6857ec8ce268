package dev.apprentice.store;

/**
 * A write the database refused for a reason of its own, not of the data: another process holds the write lock past
 * the busy timeout, the file system is full or read-only, the file cannot be opened or was deleted while the server
 * ran. Writing the same data again can succeed once the cause is gone, so the trace writer keeps such a batch and
 * tries again instead of dropping it.
 */
public final class StoreUnavailableException extends StoreException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
