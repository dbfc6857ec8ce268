package dev.apprentice.cli.guard;

import dev.apprentice.api.Embedder;
import dev.apprentice.cli.CommandGroup;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** {@code apprentice guard ...}: guardrail tools. */
@Command(name = "guard", mixinStandardHelpOptions = true,
    description = "Guardrails: scan prepared texts offline, train the injection detector.",
    subcommands = {GuardScanCommand.class, GuardTrainCommand.class, GuardListCommand.class})
public final class GuardCommand extends CommandGroup {

  private final Supplier<Embedder> embedder;

  /** The command with the data directory's local embedding model. */
  public GuardCommand() {
    this(null);
  }

  /** The command with another embedder (a test's fake); null for the local model. */
  public GuardCommand(Supplier<Embedder> embedder) {
    this.embedder = embedder;
  }

  /** The embedder given at construction, or null for the data directory's local model. */
  Supplier<Embedder> embedder() {
    return embedder;
  }
}
