package dev.apprentice.api.files;

import dev.apprentice.api.JavaNames;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file or folder could not be written, in words a user can act on ({@code permission denied}, {@code
 * /data/cache is a file, not a folder}), rather than the bare path a file system exception carries as its message;
 * and why a file to read cannot be, said the same way by every program that is given one.
 */
public final class FileProblems {

  private FileProblems() {}

  /** The reason {@code e} says, in words. */
  public static String why(IOException e) {
    return switch (e) {
      case NoSuchFileException missing -> "no such folder";
      case FileAlreadyExistsException inTheWay -> inTheWay.getFile() + " is a file, not a folder";
      case AccessDeniedException denied -> "permission denied";
      case NotDirectoryException notFolder -> notFolder.getFile() + " is not a folder";
      case FileSystemException other when other.getReason() != null -> other.getReason();
      // a subclass's message may name its Java classes (a library's), and a file system one's is a bare path; a
      // plain one made of its cause names the cause's class
      default -> e.getClass() == IOException.class && JavaNames.removedFrom(e.getMessage()) != null
          ? JavaNames.removedFrom(e.getMessage()) : "the file system refused it";
    };
  }

  /**
   * Why {@code file}, given to a program to read, cannot be read ({@code cannot read F: no such file}, {@code ...: a
   * folder, not a file}), or null when it can.
   */
  public static String unreadable(Path file) {
    if (Files.isRegularFile(file) && Files.isReadable(file)) return null;
    String why;
    if (!Files.exists(file)) {
      why = "no such file";
    } else if (Files.isDirectory(file)) {
      why = "a folder, not a file";
    } else if (Files.isRegularFile(file)) {
      why = "permission denied";
    } else {
      why = "not a file";
    }
    return "cannot read " + file + ": " + why;
  }
}
