package dev.apprentice.cli.guard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.cli.BadInput;
import dev.apprentice.cli.InputFiles;
import dev.apprentice.cli.OutputFiles;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.injection.InjectionModel;
import dev.apprentice.guard.injection.InjectionScanner;
import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.secrets.SecretScanner;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import dev.apprentice.api.files.Utf8Lines;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code apprentice guard scan}: runs the scanners over the {@code text} of every JSONL row, offline. With
 * {@code --output}, progress goes to standard error every two seconds and the file appears only when complete.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Scan the 'text' field of every JSONL row and add entities [{type, start, end, score}] (character"
        + " offsets counted in Unicode code points, as Python and Presidio count them; end exclusive), verdicts"
        + " [{scanner, score, action}] and flagged. Other fields are kept. One JSON object per line.")
public final class GuardScanCommand implements Callable<Integer> {

  private static final List<String> AVAILABLE = List.of("pii", "secrets", "injection");
  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  @Spec
  private CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "F.jsonl", description = "rows with a 'text' field")
  private Path input;

  @Option(names = "--output", paramLabel = "G.jsonl", description = "where to write the rows (default: standard output)")
  private Path output;

  @Option(names = "--scanners", split = ",", defaultValue = "pii,secrets", paramLabel = "NAME",
      description = "scanners to run: pii, secrets, injection (default: ${DEFAULT-VALUE})")
  private List<String> scanners;

  @Option(names = "--detector", defaultValue = "default", paramLabel = "NAME",
      description = "the injection detector: default, or one trained with 'guard train' (default: ${DEFAULT-VALUE})")
  private String detector;

  @Option(names = "--injection-threshold", defaultValue = "0.5", paramLabel = "P",
      description = "a text is flagged from this injection probability (default: ${DEFAULT-VALUE})")
  private double injectionThreshold;

  @ParentCommand
  private GuardCommand guard;

  @Mixin
  private DataDirectory dataDirectory;

  private DataDirectory.Opened opened;

  @Override
  public Integer call() throws IOException {
    InputFiles.requireReadable(input);
    try {
      return scanAll();
    } finally {
      if (opened != null) opened.close();
    }
  }

  private Integer scanAll() throws IOException {
    ObjectMapper json = new ObjectMapper();
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      scan(new RowScanner(chosenScanners()), json, out);
      out.flush();
      return 0;
    }
    // the output's place is checked before any detector is loaded (seconds), and said as a failure to write there
    if (Files.isDirectory(output)) throw cannotWrite(new IOException());
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    int[] counts;
    BufferedWriter out;
    try {
      out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw cannotWrite(e);
    }
    try (out) {
      counts = scan(new RowScanner(chosenScanners()), json, out);
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    try {
      Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw cannotWrite(e);
    }
    spec.commandLine().getErr().printf(Locale.ROOT, "guard scan: %d rows, %d flagged -> %s%n", counts[0], counts[1],
        output);
    return 0;
  }

  /** {@code cannot write G.jsonl: no such folder}, and the like: what the user can act on, not a temporary name. */
  private UncheckedIOException cannotWrite(IOException e) {
    return new UncheckedIOException(OutputFiles.cannotWrite(output, e), e);
  }

  /** Rows scanned and rows flagged. */
  private int[] scan(RowScanner rows, ObjectMapper json, Writer out) throws IOException {
    int scanned = 0;
    int flagged = 0;
    int lineNumber = 0;
    long nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
    try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) continue;
        ObjectNode annotated;
        try {
          annotated = rows.scan(oneValue(json, line, lineNumber));
        } catch (JsonProcessingException e) {
          throw failure(lineNumber, "malformed JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IllegalArgumentException e) {
          throw failure(lineNumber, e.getMessage());
        }
        out.write(json.writeValueAsString(annotated));
        out.write('\n');
        scanned++;
        if (annotated.path("flagged").asBoolean()) flagged++;
        if (output != null && System.nanoTime() > nextProgress) {
          spec.commandLine().getErr().printf(Locale.ROOT, "guard scan: %,d rows so far, %,d flagged%n", scanned, flagged);
          nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
        }
      }
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("input file not found: " + input, e);
    } catch (CharacterCodingException e) {
      throw new BadInput(Utf8Lines.refusal(input));
    }
    return new int[] {scanned, flagged};
  }

  /** The line's one JSON value; anything after it (a second object) is refused, never silently dropped. */
  private JsonNode oneValue(ObjectMapper json, String line, int lineNumber) throws IOException {
    try (JsonParser parser = json.createParser(line)) {
      JsonNode value = json.readTree(parser);
      if (parser.nextToken() != null) {
        throw failure(lineNumber, "more than one JSON value on the line (one row per line)");
      }
      return value;
    }
  }

  /** The injection scanner with the chosen detector (the default one is trained on first use, a few seconds). */
  private Scanner injection() {
    if (!(injectionThreshold > 0 && injectionThreshold <= 1)) {
      throw new ParameterException(spec.commandLine(), "--injection-threshold: must be in (0, 1], got "
          + injectionThreshold);
    }
    opened = dataDirectory.open(guard.embedder());
    InjectionModel model;
    try {
      model = opened.detectors().load(detector);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--detector: " + e.getMessage());
    }
    return new InjectionScanner(() -> model, opened.embedder(), injectionThreshold);
  }

  private BadInput failure(int lineNumber, String reason) {
    return new BadInput(input.getFileName() + " line " + lineNumber + ": " + reason);
  }

  private List<Scanner> chosenScanners() {
    List<Scanner> chosen = new ArrayList<>();
    for (String name : new LinkedHashSet<>(scanners)) {
      String scanner = name.strip().toLowerCase(Locale.ROOT);
      switch (scanner) {
        case "pii" -> chosen.add(new PiiScanner());
        case "secrets" -> chosen.add(new SecretScanner());
        case "injection" -> chosen.add(injection());
        default -> throw new ParameterException(spec.commandLine(), "--scanners: unknown scanner '" + scanner
            + "'; available: " + String.join(", ", AVAILABLE));
      }
    }
    if (chosen.stream().noneMatch(InjectionScanner.class::isInstance)) {
      for (String option : List.of("--detector", "--injection-threshold")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new ParameterException(spec.commandLine(), option + ": applies to the injection scanner only; add it"
              + " with --scanners " + String.join(",", scanners) + ",injection");
        }
      }
    }
    return chosen;
  }
}
