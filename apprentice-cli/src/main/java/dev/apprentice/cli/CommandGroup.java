package dev.apprentice.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups others ({@code apprentice} itself, {@code keys}, {@code eval} ...). Run without one of
 * them it is bad usage, like an unknown option: its usage goes to standard error and the exit status is 2, while
 * {@code --help} still prints it on standard output with 0.
 */
public abstract class CommandGroup implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public final Integer call() {
    CommandLine command = spec.commandLine();
    PrintWriter err = command.getErr();
    err.println("apprentice: missing command");
    command.usage(err);
    err.flush();
    return 2;
  }
}
