package dev.apprentice.local.collection;

import dev.apprentice.local.index.IndexFaults;
import dev.apprentice.local.index.IndexFaults.Fault;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A collection's files failing, in words for its user: which collection, what is wrong with it ({@link IndexFaults}),
 * what to do.
 */
final class IndexTrouble {

  private static final String REMAKE = "delete the collection and create it again, then add its documents again";

  private IndexTrouble() {}

  /** The refusal of a call on collection {@code name}, whose index is the folder {@code index}, that met {@code e}. */
  static CollectionException of(String name, Path index, IOException e) {
    return new CollectionException(CollectionException.Reason.UNAVAILABLE, null, message(name, index, e), e);
  }

  private static String message(String name, Path index, IOException e) {
    String collection = "collection '" + name + "'";
    Fault fault = IndexFaults.fault(e);
    if (fault == null) return collection + " cannot be used: " + IndexFaults.words(e);
    return collection + " cannot be read: " + fault.of(index) + ": " + (fault == Fault.TOO_NEW ? "use that version, or "
        : "") + REMAKE;
  }
}
