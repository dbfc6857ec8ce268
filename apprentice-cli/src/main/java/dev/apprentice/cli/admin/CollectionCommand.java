package dev.apprentice.cli.admin;

import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.embedding.LocalModels;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The frame of every {@code collections} command: checks its options, opens the collections of its target (the data
 * directory, or a running server with {@code --url}), runs, and turns any failure into one line on stderr and an
 * exit status, as the other admin commands do.
 */
abstract class CollectionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AdminTarget target;

  @ParentCommand
  CollectionsCommand group;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      check();
      try (CollectionsClient client = open()) {
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

  private CollectionsClient open() {
    if (target.remote()) return new HttpCollectionsClient(target.connect());
    java.nio.file.Path dataDir = target.dataDirectory();
    if (group.embedder() != null) {
      return new DirectCollectionsClient(new Collections(dataDir.resolve("collections"), group.embedder()), () -> {});
    }
    LocalModels models = new LocalModels(dataDir);
    return new DirectCollectionsClient(new Collections(dataDir.resolve("collections"), models::embedder), models::close);
  }

  /** Checks the options before anything is opened; throws {@link AdminFailure#usage} for a bad one. */
  void check() {}

  abstract void run(CollectionsClient client, PrintWriter out, PrintWriter err);
}
