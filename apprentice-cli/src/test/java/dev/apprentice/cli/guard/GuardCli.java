package dev.apprentice.cli.guard;

import dev.apprentice.cli.CommandRun;
import dev.apprentice.testing.WordHashEmbedder;

/** Runs {@code apprentice guard ...} in this JVM, the injection detector reading a fake word-hash embedder. */
final class GuardCli {

  private GuardCli() {}

  static CommandRun run(String... args) {
    return CommandRun.with(GuardCommand.class, new GuardCommand(WordHashEmbedder::new), args);
  }
}
