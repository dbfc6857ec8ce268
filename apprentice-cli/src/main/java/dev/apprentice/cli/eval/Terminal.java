package dev.apprentice.cli.eval;

import java.io.Console;

/** Whether this process writes to an interactive terminal (where a progress bar belongs) or to a pipe or log. */
public final class Terminal {

  private Terminal() {}

  public static boolean isInteractive() {
    Console console = System.console();
    if (console == null) return false;
    try {
      // Console.isTerminal() exists from JDK 22; the build targets 21, so it is looked up
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
