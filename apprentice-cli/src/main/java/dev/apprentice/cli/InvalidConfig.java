package dev.apprentice.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * How {@code serve} and {@code config check} say that a config is not valid: one problem on the command's one line
 * ({@code apprentice: invalid config F: models.smart.retrys: unknown key}), several under that line, one per line,
 * so that every problem of a file is read at once. On the command's standard error writer, UTF-8 as every command's
 * (a model or file name outside ASCII is not a {@code ?} under {@code LANG=C}).
 */
final class InvalidConfig {

  private InvalidConfig() {}

  static void print(PrintWriter err, String source, List<String> problems) {
    if (problems.size() == 1) {
      err.println("apprentice: invalid config " + source + ": " + problems.getFirst());
      return;
    }
    err.println("apprentice: invalid config " + source + ":");
    for (String problem : problems) err.println("  " + problem);
  }
}
