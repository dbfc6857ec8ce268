package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every {@code datasets} command: checks its options, opens the datasets of its target (the data
 * directory, or a running server with {@code --url}), runs, and turns any failure into one line on stderr and an
 * exit status, as the other admin commands do.
 */
abstract class DatasetCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AdminTarget target;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      check();
      try (DatasetsClient client = target.remote() ? new HttpDatasetsClient(target.connect())
          : new DirectDatasetsClient(target.store(createsData(), err), Clock.systemUTC(), err)) {
        run(client, out, err);
      }
      return 0;
    } catch (RuntimeException e) {
      return AdminCommand.failed(out, err, e);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Checks the options before anything is opened; throws {@link AdminFailure#usage} for a bad one. */
  void check() {}

  /** True for a command that may create the data directory's database ({@code import}). */
  boolean createsData() {
    return false;
  }

  abstract void run(DatasetsClient client, PrintWriter out, PrintWriter err);
}
