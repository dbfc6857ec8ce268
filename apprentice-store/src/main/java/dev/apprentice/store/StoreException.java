package dev.apprentice.store;

/**
 * A failure of the database behind the store (unopenable file, SQL error, refused migration); a write the database
 * refused for a reason that may pass (a lock, a full disk) is the {@link StoreUnavailableException} subclass.
 */
public class StoreException extends RuntimeException {

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
