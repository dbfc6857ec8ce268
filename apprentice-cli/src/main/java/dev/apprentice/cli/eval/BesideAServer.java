package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.server.DataDirServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code eval run} without {@code --url} on a data directory that a server serves ({@link DataDirServer}): its
 * calls go through that server, as with {@code --url}, because a gateway in this process would keep a budget ledger
 * and rate limits of its own, loaded once at its start, and a tenant's calls through both would pass its budget. What
 * cannot be said over HTTP is refused instead: {@code --tenant} (a call is booked to its key's tenant there) and the
 * retrieval metrics (only an in-process gateway reports the chunks a call retrieved).
 */
final class BesideAServer {

  /** Metrics that score the chunks a call retrieved, which a call over HTTP does not report. */
  private static final Set<String> RETRIEVAL = Set.of("context_precision", "context_recall");

  private BesideAServer() {}

  /**
   * The address of the server serving {@code dataDir}, to send the run's calls to, said on {@code err}; null when none
   * does (the gateway runs in this process). Bad input when the run cannot go through it.
   */
  static String url(Path dataDir, Suite suite, String tenant, PrintWriter err) {
    Optional<DataDirServer.Found> serving = DataDirServer.find(dataDir);
    if (serving.isEmpty()) return null;
    DataDirServer.Found server = serving.get();
    if (server.url() == null) {
      throw new BadInput("a server holds the data directory " + dataDir + " (" + DataDirServer.LOCK_FILE + ") but has "
          + "not written its address (" + DataDirServer.ADDRESS_FILE + ") yet: run again in a moment, or give its "
          + "address with --url");
    }
    String which = "a server (pid " + server.pid() + ", " + server.url() + ") serves the data directory " + dataDir;
    if (tenant != null) {
      throw new BadInput("--tenant: " + which + ", so this run's calls go through it, where its limits and budgets "
          + "hold them, and over HTTP a call is booked to its key's tenant: give --api-key with a client key of tenant "
          + tenant + " (apprentice keys create --tenant " + tenant + "), or stop the server");
    }
    for (int i = 0; i < suite.metrics().size(); i++) {
      MetricSpec spec = suite.metrics().get(i);
      if (RETRIEVAL.contains(spec.metric())) {
        throw new BadInput("metrics[" + i + "] (" + spec.metric() + ") scores the chunks each call retrieved, which "
            + "only a gateway in this process reports, but " + which + ", and calls made in this process beside it "
            + "would escape its limits and budgets: stop the server for this run, or leave the retrieval metrics out");
      }
    }
    err.println("apprentice: " + which + ": this run's calls go through it, as with --url " + server.url()
        + ", so that its limits and budgets hold them");
    err.flush();
    return server.url();
  }
}
