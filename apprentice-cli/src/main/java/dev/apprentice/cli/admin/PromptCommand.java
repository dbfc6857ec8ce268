package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every {@code prompts} command: checks its options, opens the registry of its target (the data
 * directory, or a running server with {@code --url}), runs, and turns any failure into one line on stderr and an
 * exit status, as the other admin commands do.
 */
abstract class PromptCommand implements Callable<Integer> {

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
      try (PromptsClient client = target.remote() ? new HttpPromptsClient(target.connect())
          : new DirectPromptsClient(target.store(createsData(), err), target.models(), Clock.systemUTC())) {
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

  /** True for a command that may create the data directory's database ({@code push}). */
  boolean createsData() {
    return false;
  }

  abstract void run(PromptsClient client, PrintWriter out, PrintWriter err);
}
