package dev.apprentice.cli.admin;

import dev.apprentice.api.files.DataFolders;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.embedding.LocalModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.ParentCommand;

/**
 * The frame of every {@code collections} command: the collections of the data directory (embedding with the group's
 * model, else the local one the config's {@code embeddings:} block names, loaded only when something is embedded), or
 * of a running server.
 */
abstract class CollectionCommand extends ClientCommand<CollectionsClient> {

  @ParentCommand
  CollectionsCommand group;

  @Override
  CollectionsClient open(PrintWriter err, Consumer<String> nothingStored) {
    if (target.remote()) return new HttpCollectionsClient(target.connect());
    Path dataDir = target.dataDirectory();
    if (group.embedder() != null) {
      return new DirectCollectionsClient(new Collections(DataFolders.collections(dataDir), group.embedder()), () -> {});
    }
    LocalModels models = target.localModels();
    return new DirectCollectionsClient(new Collections(DataFolders.collections(dataDir), models::embedder),
        models::close);
  }
}
