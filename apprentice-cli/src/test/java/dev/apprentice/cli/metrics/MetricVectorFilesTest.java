package dev.apprentice.cli.metrics;

import dev.apprentice.cli.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared sacreBLEU vector files go through {@code apprentice metrics} unchanged and come back with their expected scores. */
class MetricVectorFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path vectors() {
    Path relative = Path.of(System.getProperty("user.dir")).resolve("../../shared/data/metric-vectors").normalize();
    if (Files.isDirectory(relative)) return relative;
    Path absolute = Path.of("/work/shared/data/metric-vectors");
    return Files.isDirectory(absolute) ? absolute : null;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"bleu.jsonl, bleu", "chrf.jsonl, chrf", "ter.jsonl, ter"})
  void everyRowWithAnExpectedScoreReproducesIt(String file, String metric) throws Exception {
    Path folder = vectors();
    Assumptions.assumeTrue(folder != null, "metric vectors not found under ../shared/data; skipping");

    CommandRun run = MetricsCommandTest.run("metrics", metric, "--input", folder.resolve(file).toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize((int) Files.readAllLines(folder.resolve(file)).stream().filter(l -> !l.isBlank()).count());
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      if (!row.has("expected")) continue;
      double tolerance = row.hasNonNull("tolerance") ? row.get("tolerance").asDouble() : 1e-4;
      assertThat(row.get("score").asDouble()).as(row.get("id").asText())
          .isCloseTo(row.get("expected").asDouble(), within(tolerance));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rouge1", "rouge2", "rougeL", "rougeLsum"})
  void rougeScoreRowsOfEachTypeReproduceTheirExpectedScores(String type, @TempDir Path dir) throws Exception {
    Path folder = vectors();
    Assumptions.assumeTrue(folder != null, "metric vectors not found under ../shared/data; skipping");
    List<String> rows = Files.readAllLines(folder.resolve("rouge.jsonl")).stream()
        .filter(line -> !line.isBlank() && line.contains("\"rouge_type\": \"" + type + "\"")).toList();
    Path input = Files.write(dir.resolve(type + ".jsonl"), rows);

    CommandRun run = MetricsCommandTest.run("metrics", type, "--input", input.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).hasSize(rows.size());
    for (String line : run.out().lines().toList()) {
      JsonNode row = JSON.readTree(line);
      double tolerance = 0.5 * Math.pow(10, -row.get("places").asInt());
      for (String part : List.of("precision", "recall", "fmeasure")) {
        assertThat(row.get("score").get(part).asDouble()).as(row.get("id").asText() + " " + part)
            .isCloseTo(row.get("expected").get(part).asDouble(), within(tolerance));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"exact_match, em", "squad_f1, f1"})
  void theSquadRowsAreReadAsTheyAreAndReproduceTheirExpectedScores(String metric, String expected) throws Exception {
    Path folder = vectors();
    Assumptions.assumeTrue(folder != null, "metric vectors not found under ../shared/data; skipping");

    CommandRun run = MetricsCommandTest.run("metrics", metric, "--input", folder.resolve("qa_em_f1.jsonl").toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      assertThat(row.get("score").asDouble()).as(row.get("id").asText())
          .isCloseTo(row.get("expected").get(expected).asDouble(), within(1e-4));
    }
  }
}
