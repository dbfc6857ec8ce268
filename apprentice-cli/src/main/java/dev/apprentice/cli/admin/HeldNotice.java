package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * What a command is told when it finds no database ({@code nothing stored yet: no database at ...}), held while it
 * runs: a command that succeeds prints it on its own line after its work, one that fails joins it to its one line
 * ({@code no active key with id 'x': nothing stored yet: ...}), which is then both what failed and the likely why (a
 * mistyped {@code --data-dir}).
 */
final class HeldNotice implements Consumer<String> {

  private String notice;

  @Override
  public void accept(String notice) {
    this.notice = notice;
  }

  /** Prints the notice, if one came, as a line of its own. */
  void print(PrintWriter err) {
    if (notice != null) err.println("apprentice: " + notice);
  }

  /** {@code message}, followed by the notice when one came. */
  String joinedTo(String message) {
    return notice == null ? message : message + ": " + notice;
  }
}
