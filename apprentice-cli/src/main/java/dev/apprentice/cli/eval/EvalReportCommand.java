package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import dev.apprentice.cli.OutputFiles;
import dev.apprentice.server.eval.JdbcRunStore;
import dev.apprentice.eval.report.HtmlReport;
import dev.apprentice.eval.report.JsonReport;
import dev.apprentice.eval.report.MarkdownReport;
import dev.apprentice.eval.report.RunReport;
import dev.apprentice.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code apprentice eval report RUN_ID}: the run's report as self-contained HTML (by default into
 * {@code <data dir>/reports/RUN_ID.html}), JSON or Markdown (by default to standard output).
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write the report of an evaluation run.")
public final class EvalReportCommand implements Callable<Integer> {

  /** The report formats. */
  enum Format { html, json, md }

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run (see 'apprentice eval list')")
  String runId;

  @Option(names = "--format", defaultValue = "html", description = "html, json or md (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(names = "--output", paramLabel = "FILE", description = "write here (default: html into <data dir>/reports, "
      + "json and md to standard output)")
  Path output;

  @Mixin
  DataOptions data;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    RunReport report;
    try (Store store = data.existingStore(nothing -> {
      throw new BadInput("no evaluation run " + runId + ": " + nothing);
    })) {
      report = StoredRuns.load(new JdbcRunStore(store.evaluations()), runId, StoredRuns.reportingRegistry()).report();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.html) {
      Path written = writeHtml(report, data.reportsDir(), output);
      out.println(written.toAbsolutePath().normalize());
    } else {
      String text = format == Format.json ? JsonReport.render(report) : MarkdownReport.render(report);
      if (output == null) out.print(text);
      else write(output, text);
    }
    out.flush();
    return 0;
  }

  /** Writes the HTML report to {@code output}, or to {@code <reportsDir>/<run id>.html}; returns the file. */
  static Path writeHtml(RunReport report, Path reportsDir, Path output) throws IOException {
    Path file = output != null ? output : reportsDir.resolve(report.runId() + ".html");
    write(file, HtmlReport.render(report));
    return file;
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(OutputFiles.cannotWrite(file, e), e);
    }
  }
}
