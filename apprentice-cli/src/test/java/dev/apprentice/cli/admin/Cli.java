package dev.apprentice.cli.admin;

import dev.apprentice.cli.CommandRun;

/** Runs {@code apprentice ...} in this JVM and captures what it prints. */
final class Cli {

  /** What one run printed and its exit status. */
  record Run(int exit, String out, String err) {

    static Run of(CommandRun run) {
      return new Run(run.exit(), run.out(), run.err());
    }
  }

  private Cli() {}

  static Run run(String... args) {
    return Run.of(CommandRun.of(args));
  }
}
