package dev.apprentice.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Files a command is told to write ({@code --output}): why one could not be written, in words the user can act on
 * ({@code cannot write G.jsonl: no such folder}), rather than the bare path a file system exception carries, or the
 * name of a temporary file written beside it.
 */
public final class OutputFiles {

  private OutputFiles() {}

  /** {@code cannot write FILE: why}, for a failure {@code e} while writing {@code file}. */
  public static String cannotWrite(Path file, IOException e) {
    return "cannot write " + file + ": " + why(file, e);
  }

  private static String why(Path file, IOException e) {
    if (Files.isDirectory(file)) return "a folder";
    return switch (e) {
      case NoSuchFileException missing -> "no such folder";
      case FileAlreadyExistsException inTheWay -> inTheWay.getFile() + " is a file, not a folder";
      case AccessDeniedException denied -> "permission denied";
      case FileSystemException other when other.getReason() != null -> other.getReason();
      default -> e.getMessage() == null ? "the file system refused it" : e.getMessage();
    };
  }
}
