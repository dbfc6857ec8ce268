package dev.apprentice.cli.eval;

import dev.apprentice.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code apprentice eval ...}: run evaluation suites, report on runs, and gate CI on regressions. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluation suites: run them through the gateway, report on runs, gate CI (docs/evaluation.md).",
    subcommands = {EvalRunCommand.class, EvalReportCommand.class, EvalGateCommand.class, EvalListCommand.class})
public final class EvalCommand extends CommandGroup {}
