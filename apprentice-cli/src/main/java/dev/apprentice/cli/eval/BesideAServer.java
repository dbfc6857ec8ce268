package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.server.DataDirServer;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * An {@code eval run} without {@code --url} on a data directory that something else holds ({@link DataDirServer}).
 * A server: the run's calls go through it, as with {@code --url}, because a gateway in this process would keep a
 * budget ledger and rate limits of its own, loaded once at its start, and a tenant's calls through both would pass
 * its budget; what cannot be said over HTTP is refused instead: {@code --tenant} (a call is booked to its key's tenant
 * there) and the retrieval metrics ({@link RetrievalOverHttp}). Another evaluation run with its own gateway: refused,
 * for the same reason, with how to run both side by side.
 */
final class BesideAServer {

  private BesideAServer() {}

  /**
   * The address of the server holding {@code dataDir}, to send the run's calls to, said on {@code err}. Bad input when
   * the run cannot go through it, or when it is not a server that holds the directory. A {@code config} given to the
   * run (null: none) is said not to apply: the server's models, providers and keys are those of its own config.
   */
  static String url(Path dataDir, DataDirServer.HeldElsewhere held, Suite suite, String tenant, Path config,
      PrintWriter err) {
    DataDirServer.Found server = held.holder();
    if (server.holder() != DataDirServer.Holder.SERVE) throw new BadInput(held.getMessage());
    if (server.url() == null) {
      throw new BadInput("a server (pid " + server.pid() + ") holds the data directory " + dataDir + " ("
          + DataDirServer.LOCK_FILE + ") but has not written its address (" + DataDirServer.ADDRESS_FILE + ") yet:"
          + " run again in a moment, or give its address with --url");
    }
    String which = server.describe() + " serves the data directory " + dataDir;
    if (tenant != null) {
      throw new BadInput("--tenant: " + which + ", so this run's calls go through it, where its limits and budgets "
          + "hold them, and over HTTP a call is booked to its key's tenant: give --api-key with a client key of tenant "
          + tenant + " (apprentice keys create --tenant " + tenant + "), or stop the server");
    }
    RetrievalOverHttp.refuse(suite, "this run's calls go through " + server.describe() + ", which serves the data"
        + " directory " + dataDir, "stop the server for this run, or leave the retrieval metrics out");
    err.println("apprentice: " + which + ": this run's calls go through it, as with --url " + server.url()
        + ", so that its limits and budgets hold them" + (config == null ? ""
        : "; its own config applies, not " + config + " (give another --data-dir to run with that one)"));
    err.flush();
    return server.url();
  }
}
