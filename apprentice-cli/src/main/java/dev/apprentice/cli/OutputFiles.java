package dev.apprentice.cli;

import dev.apprentice.api.files.FileProblems;
import java.io.IOException;
import java.nio.file.Files;
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
    return Files.isDirectory(file) ? "a folder" : FileProblems.why(e);
  }
}
