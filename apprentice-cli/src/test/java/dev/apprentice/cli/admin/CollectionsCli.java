package dev.apprentice.cli.admin;

import dev.apprentice.api.Embedder;
import dev.apprentice.cli.CommandRun;
import java.util.function.Supplier;

/** Runs {@code apprentice ...} in this JVM with the {@code collections} commands on a given embedding model. */
final class CollectionsCli {

  private CollectionsCli() {}

  static Cli.Run run(Supplier<Embedder> embedder, String... args) {
    return Cli.Run.of(CommandRun.with(CollectionsCommand.class, new CollectionsCommand(embedder), args));
  }
}
