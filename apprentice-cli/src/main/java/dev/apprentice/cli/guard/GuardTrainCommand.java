package dev.apprentice.cli.guard;

import dev.apprentice.cli.BadInput;
import dev.apprentice.cli.InputFiles;
import dev.apprentice.cli.eval.Terminal;
import dev.apprentice.guard.injection.DetectorProvenance;
import dev.apprentice.guard.injection.InjectionDetectors;
import dev.apprentice.guard.injection.TrainingSet;
import dev.apprentice.guard.injection.TrainingSets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code apprentice guard train}: trains an injection detector from labelled JSONL and keeps it in the data
 * directory with its provenance; a model's {@code guard.injection.detector} names it.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train an injection detector from labelled JSONL rows {\"text\": ..., \"label\": \"injection\"|\"benign\"}"
        + " (1/0 too) and keep it in the data directory under --name, with its provenance and cross-validated quality.")
public final class GuardTrainCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private GuardCommand guard;

  @Mixin
  private DataDirectory dataDirectory;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "labelled rows, one JSON object per line")
  private Path data;

  @Option(names = "--name", defaultValue = "custom", paramLabel = "NAME",
      description = "the detector's name, for guard.injection.detector (default: ${DEFAULT-VALUE})")
  private String name;

  @Option(names = "--with-built-in", description = "train on Apprentice's built-in examples too, with yours added")
  private boolean withBuiltIn;

  @Override
  public Integer call() {
    if (InjectionDetectors.DEFAULT.equals(name)) {
      throw new ParameterException(spec.commandLine(), "--name: 'default' is the built-in detector; choose another name");
    }
    InputFiles.requireReadable(data);
    dataDirectory.check();
    TrainingSet set;
    try {
      set = TrainingSets.read(data);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
    if (withBuiltIn) set = TrainingSets.combined(TrainingSets.builtIn(), set);
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "guard train: %d injection and %d benign examples, embedding and cross-validating...%n",
        set.injections(), set.benign());
    err.flush();
    try (DataDirectory.Opened opened = dataDirectory.open(guard.embedder())) {
      DetectorProvenance p;
      try (TrainProgress progress = new TrainProgress(err, Terminal.isInteractive())) {
        p = opened.detectors().train(set, name, progress).provenance();
      }
      PrintWriter out = spec.commandLine().getOut();
      DetectorProvenance.CrossValidation cv = p.crossValidation();
      out.printf(Locale.ROOT, "trained injection detector '%s' -> %s%n", name, opened.detectors().directory(name));
      out.printf(Locale.ROOT, "  %d-fold cross-validation: accuracy %.1f%%, injections caught %.1f%%, benign flagged %.1f%%%n",
          cv.folds(), 100 * cv.accuracy(), 100 * cv.recall(), 100 * cv.falsePositiveRate());
      out.printf(Locale.ROOT, "  use it with:  guard: { input: { injection: block }, injection: { detector: %s } }%n", name);
      out.flush();
    }
    return 0;
  }
}
