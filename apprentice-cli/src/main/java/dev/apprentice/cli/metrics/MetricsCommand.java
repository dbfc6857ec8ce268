package dev.apprentice.cli.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.Embedder;
import dev.apprentice.cli.InputFiles;
import dev.apprentice.cli.OutputFiles;
import dev.apprentice.eval.dataset.JsonLines;
import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.eval.metric.Settings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import dev.apprentice.api.files.Utf8Lines;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apprentice metrics NAME --input F.jsonl [--output G.jsonl] [--set key=value ...]}: scores prepared rows. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = {"Score prepared JSONL rows with a metric, without any model call; each output row is the input "
        + "row plus 'score' (BLEU, chrF, TER, exact_match and squad_f1 on 0-100; ROUGE as {precision, recall, "
        + "fmeasure} on 0-1), to 12 significant digits.",
        "Rows: {\"hypothesis\": \"...\", \"references\": [\"...\"]} (or rouge-score's \"prediction\" and \"target\"), "
            + "corpus rows {\"hypotheses\": [...], \"references\": [[stream 1], [stream 2]]} (or T5's \"predictions\" "
            + "with per-example \"targets\"), and BLEU statistics rows {\"correct\", \"total\", \"sys_len\", "
            + "\"ref_len\"}. An optional per-row \"settings\" object uses sacreBLEU's and rouge-score's parameter names "
            + "(tokenize, smooth_method, smooth_value, lowercase, max_ngram_order, effective_order, char_order, "
            + "word_order, beta, eps_smoothing, whitespace, normalized, no_punct, asian_support, case_sensitive, "
            + "use_stemmer); ROUGE rows may also carry use_stemmer beside it. Metrics without a corpus form score a "
            + "corpus row as the mean of its sentences."})
public final class MetricsCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How often a run that writes to {@code --output} says how far it got, on standard error. */
  static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  private static final String JUDGE = "llm_judge";
  private static final String JUDGE_IN_SUITES = JUDGE + " calls a model through the gateway: use it in an evaluation"
      + " suite ('apprentice eval run')";

  private final LongSupplier nanoTime;

  /** The command on the system's clock. */
  public MetricsCommand() {
    this(System::nanoTime);
  }

  /** The command on {@code nanoTime}, which times its progress lines (a test's clock). */
  MetricsCommand(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", completionCandidates = Names.class,
      description = "the metric: ${COMPLETION-CANDIDATES} (llm_judge asks a model: use it in an evaluation suite)")
  String name;

  @Option(names = "--input", required = true, paramLabel = "F.jsonl", description = "the rows to score")
  Path input;

  @Option(names = "--output", paramLabel = "G.jsonl", description = "where to write the scored rows (default: stdout)")
  Path output;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a default setting for every row, repeatable")
  Map<String, String> defaults = new LinkedHashMap<>();

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:APPRENTICE_DATA_DIR:-.apprentice}",
      description = "where semantic_similarity's local model unpacks its native libraries (default: ${DEFAULT-VALUE})")
  Path dataDir;

  private LocalModels models;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String unreadable = InputFiles.unreadable(input);
    if (unreadable != null) return fail(out, err, MetricsFailure.usage(unreadable));
    // a folder is refused before any row is scored: moving the rows into place would replace an empty one
    if (output != null && Files.isDirectory(output)) {
      return fail(out, err, MetricsFailure.failed(OutputFiles.cannotWrite(output, new IOException())));
    }
    models = new LocalModels(dataDir);
    try {
      RowScorer scorer = scorer();
      if (output == null) {
        score(scorer, out, null);
      } else {
        writeAtomically(scorer);
      }
      return 0;
    } catch (IOException e) {
      return fail(out, err, MetricsFailure.failed("cannot write the output: " + e.getMessage()));
    } catch (MetricsFailure e) {
      return fail(out, err, e);
    } finally {
      models.close();
      out.flush();
      err.flush();
    }
  }

  private static int fail(PrintWriter out, PrintWriter err, MetricsFailure failure) {
    out.flush();
    err.println("apprentice: " + failure.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
    return failure.exitCode();
  }

  private RowScorer scorer() {
    // before its settings are checked: asking for a judge model first would only lead to this refusal
    if (JUDGE.equals(name)) throw MetricsFailure.usage(JUDGE_IN_SUITES);
    Map<String, Object> values = new LinkedHashMap<>();
    defaults.forEach((key, value) -> values.put(key, value.equals("null") ? null : value));
    try {
      return new RowScorer(registry(models::embedder), name, Settings.of(values));
    } catch (IllegalArgumentException e) {
      throw MetricsFailure.usage(e.getMessage());
    }
  }

  /**
   * The built-in metrics plus semantic_similarity with {@code embedder} (asked for on first use); llm_judge needs a
   * gateway and is for evaluation suites only.
   */
  static MetricRegistry registry(Supplier<Embedder> embedder) {
    return EvalMetrics.registry(embedder, (request, tags) -> {
      throw new IllegalArgumentException(JUDGE_IN_SUITES);
    });
  }

  /**
   * The metric names the help lists: those of {@link #registry}, in its order, as the error for an unknown name
   * lists them, so the two cannot drift apart. Only names are read, so no model is loaded.
   */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return registry(() -> {
        throw new IllegalStateException("the metric names need no embedding model");
      }).names().iterator();
    }
  }

  private void writeAtomically(RowScorer scorer) {
    Path target = output.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".partial");
    try {
      try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        score(scorer, writer, spec.commandLine().getErr());
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw MetricsFailure.failed(OutputFiles.cannotWrite(output, e));
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // nothing more to do: the failure that brought us here is the one to report
      }
    }
  }

  /**
   * Scores every row of the input onto the writer; IOExceptions are the writer's, reading problems fail here. With
   * {@code progress} (the output is a file, so standard error is free), a line every two seconds says how many rows
   * are scored: a metric that embeds (semantic_similarity) takes minutes over a large file.
   */
  private void score(RowScorer scorer, Writer writer, PrintWriter progress) throws IOException {
    try (BufferedReader reader = open()) {
      JsonLines lines = new JsonLines(reader, input.getFileName().toString());
      int scored = 0;
      long nextProgress = nanoTime.getAsLong() + PROGRESS_EVERY_NANOS;
      for (String line = readLine(lines); line != null; line = readLine(lines)) {
        if (line.isBlank()) continue;
        writer.write(JSON.writeValueAsString(scoreLine(scorer, line, lines.where())));
        writer.write('\n');
        scored++;
        if (progress != null && nanoTime.getAsLong() - nextProgress >= 0) {
          progress.printf(Locale.ROOT, "metrics %s: %,d rows so far%n", name, scored);
          progress.flush();
          nextProgress = nanoTime.getAsLong() + PROGRESS_EVERY_NANOS;
        }
      }
      writer.flush();
    }
  }

  private BufferedReader open() {
    try {
      return Files.newBufferedReader(input, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw MetricsFailure.usage("cannot read " + input + ": no such file");
    } catch (IOException e) {
      throw MetricsFailure.usage("cannot read " + input + ": " + e.getMessage());
    }
  }

  /** The next line, or null at the end; a line over the limit per line is bad input, named with its number. */
  private String readLine(JsonLines lines) {
    try {
      return lines.next();
    } catch (IllegalArgumentException e) {
      throw MetricsFailure.usage(e.getMessage());
    } catch (CharacterCodingException e) {
      throw MetricsFailure.usage(Utf8Lines.refusal(input));
    } catch (IOException e) {
      throw MetricsFailure.failed("cannot read " + input + ": " + e.getMessage());
    }
  }

  /**
   * The line's row scored: the line must hold one JSON object and nothing after it (a second object would be left
   * unscored without a word), each key once, as a dataset's line must ({@link JsonLines}).
   */
  private ObjectNode scoreLine(RowScorer scorer, String line, String where) {
    ObjectNode row;
    try {
      row = JsonLines.tree(line, where);
    } catch (IllegalArgumentException e) {
      throw MetricsFailure.usage(e.getMessage());
    }
    try {
      row.set("score", scorer.score(row));
      return row;
    } catch (IllegalArgumentException e) {
      throw MetricsFailure.usage(where + ": " + e.getMessage());
    }
  }
}
