package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every admin command: checks its options, opens the {@link AdminClient} of its target, runs, and
 * turns any failure into one line on stderr and an exit status (2 for a bad request, 1 otherwise), never a stack
 * trace.
 */
abstract class AdminCommand implements Callable<Integer> {

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
      try (AdminClient client = target.open(createsData(), nothingStored)) {
        run(client, out, err);
      }
      nothingStored.print(err);
      return 0;
    } catch (RuntimeException e) {
      return failed(out, err, e, nothingStored);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Prints why a command failed on one line and returns its exit status (2 for a bad request, else 1). */
  static int failed(PrintWriter out, PrintWriter err, RuntimeException e) {
    return failed(out, err, e, new HeldNotice());
  }

  /** As {@link #failed(PrintWriter, PrintWriter, RuntimeException)}, the held notice joined to that one line. */
  static int failed(PrintWriter out, PrintWriter err, RuntimeException e, HeldNotice notice) {
    if (e instanceof AdminFailure failure) {
      return fail(out, err, notice.joinedTo(failure.getMessage()), failure.exitCode());
    }
    String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    return fail(out, err, notice.joinedTo(message), AdminFailure.FAILED);
  }

  private static int fail(PrintWriter out, PrintWriter err, String message, int exitCode) {
    out.flush();
    err.println("apprentice: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
    return exitCode;
  }

  /** Checks the options before anything is opened; throws {@link AdminFailure#usage} for a bad one. */
  void check() {}

  /** True for a command that may create the data directory's database (only {@code keys create}). */
  boolean createsData() {
    return false;
  }

  abstract void run(AdminClient client, PrintWriter out, PrintWriter err);
}
