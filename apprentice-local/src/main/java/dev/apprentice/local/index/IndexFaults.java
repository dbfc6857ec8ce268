package dev.apprentice.local.index;

import dev.apprentice.api.JavaNames;
import dev.apprentice.api.files.FileProblems;
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
 * A Lucene index's files failing, in words for its user (the response cache's or a collection's). Lucene's own
 * messages name its Java classes (the inputs and directories it read through), so they are never passed on.
 */
public final class IndexFaults {

  private IndexFaults() {}

  /**
   * An index that names a format (a codec) this version does not have: Lucene says so with an
   * IllegalArgumentException, which must not pass for a bad request.
   */
  public static final class UnknownFormatException extends IOException {
    public UnknownFormatException(IllegalArgumentException cause) {
      super("the index names a format not known here", cause);
    }
  }

  /** What is wrong with an index whose files were read but cannot be used. */
  public enum Fault {
    TOO_OLD("is in a format older than this version of Apprentice reads"),
    TOO_NEW("was written by a newer version of Apprentice"),
    UNKNOWN_FORMAT("is in a format this version of Apprentice does not know"),
    DAMAGED("is damaged or has files missing");

    private final String says;

    Fault(String says) {
      this.says = says;
    }

    /** The fault of the index in the folder {@code index}, as a sentence's end: {@code its index (PATH) is …}. */
    public String of(Path index) {
      return "its index (" + index + ") " + says;
    }
  }

  /** The fault {@code e} tells of, or null when it is no fault of the index's files (a full disk, a permission). */
  public static Fault fault(Throwable e) {
    return switch (e) {
      case IndexFormatTooOldException old -> Fault.TOO_OLD;
      case IndexFormatTooNewException newer -> Fault.TOO_NEW;
      case UnknownFormatException unknown -> Fault.UNKNOWN_FORMAT;
      case CorruptIndexException corrupt -> Fault.DAMAGED;
      case IndexNotFoundException missing -> Fault.DAMAGED;
      case EOFException truncated -> Fault.DAMAGED;
      case NoSuchFileException gone -> Fault.DAMAGED;
      case FileNotFoundException gone -> Fault.DAMAGED;
      case null, default -> null;
    };
  }

  /**
   * What went wrong with a file, without Java class names: the file and why, in {@link FileProblems}' words (a file in
   * a folder's place, the system's reason), or the message of a plain I/O error (the ones Apprentice and the JDK word
   * themselves).
   */
  public static String words(Throwable e) {
    if (e instanceof UncheckedIOException unchecked) return words(unchecked.getCause());
    if (e instanceof AccessDeniedException denied) {
      return "permission denied on " + denied.getFile() + " (the user running Apprentice needs to read and write"
          + " the data directory)";
    }
    if (e instanceof FileSystemException fs) {
      String why = FileProblems.why(fs);
      return fs.getFile() != null && why.startsWith(fs.getFile()) ? why : fs.getFile() + ": " + why;
    }
    String said = e != null && e.getClass() == IOException.class ? JavaNames.removedFrom(e.getMessage()) : null;
    if (said != null) return said;
    if (e instanceof SecurityException) return "not permitted";
    return "an input/output error on its files";
  }
}
