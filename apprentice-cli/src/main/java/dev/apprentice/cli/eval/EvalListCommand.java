package dev.apprentice.cli.eval;

import dev.apprentice.cli.admin.Cells;
import dev.apprentice.cli.admin.Table;
import dev.apprentice.server.eval.JdbcRunStore;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apprentice eval list}: the stored runs, newest first, as the other list commands' tables (times in UTC). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List evaluation runs, newest first.")
public final class EvalListCommand implements Callable<Integer> {

  @Mixin
  DataOptions data;

  @Option(names = "--limit", defaultValue = "20", description = "how many runs, 1 or more (default: ${DEFAULT-VALUE})")
  int limit;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit: must be 1 or more; got " + limit);
    }
    try (Store store = data.existingStore(nothing -> spec.commandLine().getErr().println("apprentice: " + nothing))) {
      var out = spec.commandLine().getOut();
      List<RunRecord> runs = store == null ? List.of() : new JdbcRunStore(store.evaluations()).runs(limit);
      if (runs.isEmpty()) {
        out.println("no evaluation runs yet (start one with: apprentice eval run SUITE)");
      } else {
        Table table = new Table().column("RUN").column("SUITE").column("STATUS").column("STARTED").column("ENDED");
        for (RunRecord r : runs) {
          table.row(r.id(), r.suiteName(), r.status().label(), Cells.time(r.startedAt()), Cells.time(r.endedAt()));
        }
        table.print(out);
      }
      out.flush();
      return 0;
    }
  }
}
