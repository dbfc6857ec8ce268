package dev.apprentice.local.collection;

/**
 * Why a collection operation was refused, in words a user can act on, with the kind of refusal (for an HTTP status
 * or an exit code) and the request field at fault where there is one.
 */
public final class CollectionException extends IllegalArgumentException {

  /** The kinds of refusal. */
  public enum Reason {
    /** A bad name, size, document or query. */
    INVALID,
    /** No collection (or document) by that name. */
    NOT_FOUND,
    /** A collection by that name exists already. */
    EXISTS,
    /** The collection was built with another embedding model than the one loaded now. */
    INCOMPATIBLE,
    /** The collection or the embedding model cannot be used now (locked by another process, unreadable). */
    UNAVAILABLE
  }

  private final Reason reason;
  private final String param;

  public CollectionException(Reason reason, String param, String message) {
    this(reason, param, message, null);
  }

  public CollectionException(Reason reason, String param, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.param = param;
  }

  static CollectionException invalid(String param, String message) {
    return new CollectionException(Reason.INVALID, param, message);
  }

  static CollectionException unknown(String name) {
    return new CollectionException(Reason.NOT_FOUND, null, "no collection named '" + name + "'");
  }

  public Reason reason() {
    return reason;
  }

  /** The request field at fault ({@code name}, {@code chunk_size}, {@code documents[2].text}), or null. */
  public String param() {
    return param;
  }
}
