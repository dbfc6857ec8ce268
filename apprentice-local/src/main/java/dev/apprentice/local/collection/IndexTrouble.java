package dev.apprentice.local.collection;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;

/**
 * A collection's files failing, in words for its user: which collection, what is wrong with it, what to do. Lucene's
 * own messages name its Java classes (the inputs and directories it read through), so they are never passed on.
 */
final class IndexTrouble {

  private static final String REMAKE = "delete the collection and create it again, then add its documents again";

  private IndexTrouble() {}

  /**
   * An index that names a format (a codec) this version does not have: Lucene says so with an
   * IllegalArgumentException, which must not pass for a bad request.
   */
  static final class UnknownFormatException extends IOException {
    UnknownFormatException(IllegalArgumentException cause) {
      super("the index names a format not known here", cause);
    }
  }

  /** The refusal of a call on collection {@code name}, whose index is the folder {@code index}, that met {@code e}. */
  static CollectionException of(String name, Path index, IOException e) {
    return new CollectionException(CollectionException.Reason.UNAVAILABLE, null, message(name, index, e), e);
  }

  private static String message(String name, Path index, IOException e) {
    String collection = "collection '" + name + "'";
    return switch (e) {
      case IndexFormatTooOldException old -> collection + " cannot be read: its index (" + index + ") is in a format"
          + " older than this version of Apprentice reads: " + REMAKE;
      case IndexFormatTooNewException newer -> collection + " cannot be read: its index (" + index + ") was written"
          + " by a newer version of Apprentice: use that version, or " + REMAKE;
      case UnknownFormatException unknown -> collection + " cannot be read: its index (" + index + ") is in a format"
          + " this version of Apprentice does not know: " + REMAKE;
      case CorruptIndexException corrupt -> damaged(collection, index);
      case IndexNotFoundException missing -> damaged(collection, index);
      case EOFException truncated -> damaged(collection, index);
      case NoSuchFileException gone -> damaged(collection, index);
      case FileNotFoundException gone -> damaged(collection, index);
      default -> collection + " cannot be used: " + words(e);
    };
  }

  private static String damaged(String collection, Path index) {
    return collection + " cannot be read: its index (" + index + ") is damaged or has files missing: " + REMAKE;
  }

  /**
   * What went wrong with a file, without Java class names: the file and the system's reason, or the message of a
   * plain I/O error (the ones this module and the JDK word themselves).
   */
  static String words(Exception e) {
    if (e instanceof UncheckedIOException unchecked) return words(unchecked.getCause());
    if (e instanceof AccessDeniedException denied) {
      return "permission denied on " + denied.getFile() + " (the user running Apprentice needs to read and write"
          + " the data directory)";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getFile() + (fs.getReason() == null ? ": the file system refused it" : ": " + fs.getReason());
    }
    if (e.getClass() == IOException.class && e.getMessage() != null) return e.getMessage();
    if (e instanceof SecurityException) return "not permitted";
    return "an input/output error on its files";
  }
}
