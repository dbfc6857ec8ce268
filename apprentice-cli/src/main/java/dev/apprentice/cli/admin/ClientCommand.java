package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of the commands of a group ({@code datasets}, {@code prompts}, {@code collections}): checks the options,
 * opens the group's client on its target (the data directory, or a running server with {@code --url}), runs, and
 * turns any failure into one line on stderr and an exit status, as the other admin commands do.
 *
 * @param <C> the group's client
 */
abstract class ClientCommand<C extends AutoCloseable> implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AdminTarget target;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HeldNotice nothingStored = new HeldNotice();
    try {
      check();
      C client = open(err, nothingStored);
      try {
        run(client, out, err);
      } finally {
        close(client);
      }
      nothingStored.print(err);
      return 0;
    } catch (RuntimeException e) {
      return AdminCommand.failed(out, err, e, nothingStored);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Checks the options before anything is opened; throws {@link AdminFailure#usage} for a bad one. */
  void check() {}

  /** True for a command that may create the data directory's database (an import, a push). */
  boolean createsData() {
    return false;
  }

  /**
   * The group's client on {@link #target}; {@code nothingStored} hears that the data directory has no database yet,
   * when a client that reads it finds none.
   */
  abstract C open(PrintWriter err, Consumer<String> nothingStored);

  abstract void run(C client, PrintWriter out, PrintWriter err);

  private static void close(AutoCloseable client) {
    try {
      client.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
