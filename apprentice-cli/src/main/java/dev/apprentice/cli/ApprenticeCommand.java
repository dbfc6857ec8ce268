package dev.apprentice.cli;

import dev.apprentice.cli.admin.CacheCommand;
import dev.apprentice.cli.admin.CollectionsCommand;
import dev.apprentice.cli.admin.CostsCommand;
import dev.apprentice.cli.admin.DatasetsCommand;
import dev.apprentice.cli.admin.KeysCommand;
import dev.apprentice.cli.admin.PromptsCommand;
import dev.apprentice.cli.admin.TracesCommand;
import dev.apprentice.cli.bench.BenchGatewayCommand;
import dev.apprentice.cli.bench.BenchTracesCommand;
import dev.apprentice.cli.eval.EvalCommand;
import dev.apprentice.cli.metrics.MetricsCommand;
import dev.apprentice.cli.guard.GuardCommand;
import picocli.CommandLine.Command;

/** The {@code apprentice} command and its sub-commands. */
@Command(name = "apprentice", mixinStandardHelpOptions = true, version = "apprentice 0.1.0",
    description = "Apprentice: an OpenAI-compatible gateway that makes model use safe, cheap, measurable and fast.",
    subcommands = {ServeCommand.class, ConfigCommand.class, KeysCommand.class, TracesCommand.class, CostsCommand.class,
        CollectionsCommand.class, CacheCommand.class, PromptsCommand.class, DatasetsCommand.class, EvalCommand.class,
        MetricsCommand.class, GuardCommand.class, SimulatorCommand.class, ApprenticeCommand.Bench.class})
public final class ApprenticeCommand extends CommandGroup {

  /** {@code apprentice bench ...}: benchmarks. */
  @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (see docs/benchmarks.md).",
      subcommands = {BenchGatewayCommand.class, BenchTracesCommand.class})
  public static final class Bench extends CommandGroup {}
}
