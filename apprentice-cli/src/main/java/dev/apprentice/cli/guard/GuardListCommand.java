package dev.apprentice.cli.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.apprentice.cli.admin.Cells;
import dev.apprentice.cli.admin.Table;
import dev.apprentice.guard.injection.DetectorProvenance;
import dev.apprentice.guard.injection.InjectionDetectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code apprentice guard list}: the injection detectors kept in the data directory, with their provenance. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "The injection detectors kept in the data directory: what each was trained on, and how well.")
public final class GuardListCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private DataDirectory dataDirectory;

  @Option(names = "--json", description = "print every detector's provenance.json")
  private boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<DetectorProvenance> kept = InjectionDetectors.kept(dataDirectory.path());
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(kept));
    } else if (kept.isEmpty()) {
      out.println("no injection detectors in " + dataDirectory.path() + " yet (the default one is trained at first use;"
          + " train your own with: apprentice guard train --data FILE --name NAME)");
    } else {
      Table table = new Table().column("NAME").column("TRAINED").column("TRAINING DATA").number("INJECTION")
          .number("BENIGN").column("EMBEDDER").number("CV ACCURACY").number("CAUGHT").number("BENIGN FLAGGED");
      for (DetectorProvenance p : kept) {
        DetectorProvenance.CrossValidation cv = p.crossValidation();
        table.row(p.name(), Cells.time(p.trainedAt()), p.trainingData(), Long.toString(p.injections()), Long.toString(p.benign()),
            p.embedder(), percent(cv.accuracy()), percent(cv.recall()), percent(cv.falsePositiveRate()));
      }
      table.print(out);
    }
    out.flush();
    return 0;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
