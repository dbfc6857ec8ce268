package dev.apprentice.cli.guard;

import picocli.CommandLine.Command;

/** {@code apprentice guard ...}: guardrail tools. */
@Command(name = "guard", mixinStandardHelpOptions = true, description = "Guardrails: scan prepared texts offline.",
    subcommands = {GuardScanCommand.class})
public final class GuardCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
