package dev.apprentice.cli.eval;

import dev.apprentice.server.eval.JdbcRunStore;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apprentice eval list}: the stored runs, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List evaluation runs, newest first.")
public final class EvalListCommand implements Callable<Integer> {

  @Mixin
  DataOptions data;

  @Option(names = "--limit", defaultValue = "20", description = "how many runs (default: ${DEFAULT-VALUE})")
  int limit;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (Store store = data.openStore()) {
      List<RunRecord> runs = new JdbcRunStore(store.evaluations()).runs(limit);
      var out = spec.commandLine().getOut();
      out.printf("%-28s %-24s %-17s %-24s%n", "RUN", "SUITE", "STATUS", "STARTED");
      for (RunRecord r : runs) out.printf("%-28s %-24s %-17s %-24s%n", r.id(), r.suiteName(), r.status().label(), r.startedAt());
      out.flush();
      return 0;
    }
  }
}
