package dev.apprentice.bench;

import dev.apprentice.api.files.FileProblems;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data files a benchmark reads. A file or folder that is not there stops the benchmark with one line naming it and
 * the option that points elsewhere, instead of a stack trace from the first read.
 */
public final class BenchInput {

  /** Input that is not where the benchmark looked; the message is written for the person running it. */
  public static final class Missing extends RuntimeException {

    Missing(String message) {
      super(message, null, false, false);
    }
  }

  /** A benchmark's body, run by {@link #run}. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private BenchInput() {}

  /**
   * {@code file} itself, or {@link Missing} saying why it cannot be read as every command given a file says it ({@link
   * FileProblems#unreadable}), then what was looked for there and how to pass another path.
   */
  public static Path requireFile(Path file, String what, String hint) {
    String unreadable = FileProblems.unreadable(file);
    if (unreadable != null) throw new Missing(unreadable + " (the " + what + ": " + hint + ")");
    return file;
  }

  /** {@code folder} itself, or {@link Missing} naming {@code what} was looked for there and how to pass another path. */
  public static Path requireFolder(Path folder, String what, String hint) {
    if (!Files.isDirectory(folder)) throw new Missing("no " + what + " at " + folder + " (" + hint + ")");
    return folder;
  }

  /** Runs a benchmark's main body; missing input ends the JVM with status 1 and a {@code bench: } line on stderr. */
  public static void run(Body body) throws Exception {
    try {
      body.run();
    } catch (Missing missing) {
      System.err.println("bench: " + missing.getMessage());
      System.exit(1);
    }
  }
}
