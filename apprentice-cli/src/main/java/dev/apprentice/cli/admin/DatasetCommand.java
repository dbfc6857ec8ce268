package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Whether a write made a new version, rather than answer the latest one because an append had nothing new. */
  static boolean created(JsonNode version) {
    return version.path("created").asBoolean(true);
  }

  /** The one line an append that added nothing prints: which version stays the latest, and {@code why}. */
  static String nothingNew(JsonNode version, String why) {
    return "nothing new to add: " + Cells.text(version, "id") + " stays the latest version, with "
        + Cells.count(version.path("items").asLong(), "item") + " (" + why + ")";
  }
}
