package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Consumer;

/** The frame of every {@code datasets} command: the datasets of the data directory, or of a running server. */
abstract class DatasetCommand extends ClientCommand<DatasetsClient> {

  @Override
  DatasetsClient open(PrintWriter err, Consumer<String> nothingStored) {
    return target.remote() ? new HttpDatasetsClient(target.connect())
        : new DirectDatasetsClient(target.store(createsData(), nothingStored), Clock.systemUTC(), err);
  }
}
