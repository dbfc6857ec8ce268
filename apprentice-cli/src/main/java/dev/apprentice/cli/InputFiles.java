package dev.apprentice.cli;

import dev.apprentice.api.files.FileProblems;
import java.nio.file.Path;

/**
 * Files a command is told to read. One that cannot be read is bad usage (exit 2), checked before any work starts
 * (a model loaded, a gateway started) and said the way {@code datasets import} and {@code prompts push} say it.
 */
public final class InputFiles {

  private InputFiles() {}

  /** Throws {@link BadInput} saying why {@code file} cannot be read, if it cannot. */
  public static void requireReadable(Path file) {
    String unreadable = unreadable(file);
    if (unreadable != null) throw new BadInput(unreadable);
  }

  /** Why {@code file} cannot be read ({@code cannot read F: no such file}), or null when it can. */
  public static String unreadable(Path file) {
    return FileProblems.unreadable(file);
  }
}
