package dev.apprentice.store;

/**
 * A page cursor ({@link TraceQuery#after()}) that names no stored trace: a made-up id, or one deleted since its page
 * was read (by {@code traces.retention_days} or {@code DELETE /admin/traces}).
 */
public final class TraceNotFound extends IllegalArgumentException {

  private final String id;

  public TraceNotFound(String id) {
    super("no trace with id '" + id + "' to page after: give the id of the last trace of the page before");
    this.id = id;
  }

  public String id() {
    return id;
  }
}
