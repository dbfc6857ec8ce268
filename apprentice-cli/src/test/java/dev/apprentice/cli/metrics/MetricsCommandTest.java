package dev.apprentice.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.cli.CommandRun;
import dev.apprentice.eval.dataset.JsonLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static CommandRun run(String... args) {
    return CommandRun.of(args);
  }

  private Path input(String... lines) throws Exception {
    return Files.writeString(dir.resolve("in.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private static List<JsonNode> rows(String jsonl) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : jsonl.split("\n")) {
      if (!line.isBlank()) rows.add(JSON.readTree(line));
    }
    return rows;
  }

  @Test
  void sentenceRowsComeBackWithTheirFieldsAndAScore() throws Exception {
    Path in = input("{\"id\": \"a\", \"hypothesis\": \"The cat sat on the mat.\", \"references\": [\"The cat sat on the mat.\"]}",
        "",
        "{\"id\": \"b\", \"hypothesis\": \"the cat\", \"references\": [\"a dog\", \"the dog\"], \"settings\": {\"tokenize\": \"none\"}}");
    Path out = dir.resolve("out.jsonl");

    CommandRun run = run("metrics", "bleu", "--input", in.toString(), "--output", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonNode> rows = rows(Files.readString(out));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("id").asText()).isEqualTo("a");
    assertThat(rows.get(0).get("score").asDouble()).isCloseTo(100.0, within(1e-9));
    assertThat(rows.get(1).get("settings").get("tokenize").asText()).isEqualTo("none");
    assertThat(rows.get(1).get("score").asDouble()).isCloseTo(100 * Math.sqrt(0.5 * 0.5), within(1e-6));
    assertThat(dir.resolve(".out.jsonl.partial")).doesNotExist();
  }

  @Test
  void aRunIntoAFileSaysOnStandardErrorEveryTwoSecondsHowManyRowsItScored() throws Exception {
    String row = "{\"hypothesis\": \"the cat\", \"references\": [\"the cat\"]}";
    Path in = input(row, row, row, row, row, row);
    AtomicLong now = new AtomicLong(-700_000_000L);
    LongSupplier clock = () -> now.addAndGet(700_000_000L); // 0.7 s passes at every reading

    CommandRun toFile = CommandRun.with(MetricsCommand.class, new MetricsCommand(clock),
        "metrics", "bleu", "--input", in.toString(), "--output", dir.resolve("out.jsonl").toString());

    assertThat(toFile.exit()).as(toFile.err()).isZero();
    assertThat(toFile.err().lines()).containsExactly("metrics bleu: 3 rows so far", "metrics bleu: 6 rows so far");
    now.set(-700_000_000L);
    CommandRun toStdout = CommandRun.with(MetricsCommand.class, new MetricsCommand(clock),
        "metrics", "bleu", "--input", in.toString());
    assertThat(toStdout.err()).as("standard output holds the rows: nothing in between").isEmpty();
    assertThat(rows(toStdout.out())).hasSize(6);
  }

  @Test
  void scoresAreWrittenWithoutFloatingPointNoiseInTheirLastDigits() throws Exception {
    Path in = input("{\"hypothesis\": \"The cat sat on the mat.\", \"references\": [\"The cat sat on the mat.\"]}",
        "{\"target\": \"testing one two\", \"prediction\": \"testing\"}");

    CommandRun bleu = run("metrics", "bleu", "--input", in.toString());
    CommandRun rouge = run("metrics", "rouge1", "--input", dir.resolve("in.jsonl").toString());

    assertThat(bleu.out().lines().findFirst().orElseThrow()).endsWith(",\"score\":100.0}");
    assertThat(rouge.out().lines().toList().getLast())
        .endsWith(",\"score\":{\"precision\":1.0,\"recall\":0.333333333333,\"fmeasure\":0.5}}");
  }

  @Test
  void withoutOutputTheRowsGoToStdout() throws Exception {
    Path in = input("{\"hypotheses\": [\"The dog bit the man.\", \"It wasn't surprising.\", \"The man had just bitten him.\"], "
        + "\"references\": [[\"The dog bit the man.\", \"It was not unexpected.\", \"The man bit him first.\"], "
        + "[\"The dog had bit the man.\", \"No one was surprised.\", \"The man had bitten the dog.\"]]}");

    CommandRun run = run("metrics", "bleu", "--input", in.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(rows(run.out()).get(0).get("score").asDouble()).isCloseTo(48.530827, within(1e-6));
  }

  @Test
  void rougeRowsGetPrecisionRecallAndFMeasure() throws Exception {
    Path in = input("{\"target\": \"testing one two\", \"prediction\": \"testing\"}",
        "{\"target\": \"the cats were running\", \"prediction\": \"a cat runs\", \"use_stemmer\": true}");

    CommandRun run = run("metrics", "rouge1", "--input", in.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonNode> rows = rows(run.out());
    JsonNode first = rows.get(0).get("score");
    assertThat(first.get("precision").asDouble()).isEqualTo(1.0);
    assertThat(first.get("recall").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(first.get("fmeasure").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(rows.get(1).get("score").get("recall").asDouble()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void setGivesDefaultsThatARowsOwnSettingsOverride() throws Exception {
    Path in = input("{\"hypothesis\": \"THE CAT\", \"references\": [\"the cat\"]}",
        "{\"hypothesis\": \"THE CAT\", \"references\": [\"the cat\"], \"settings\": {\"lowercase\": false}}");

    CommandRun run = run("metrics", "chrf", "--input", in.toString(), "--set", "lowercase=true");

    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonNode> rows = rows(run.out());
    assertThat(rows.get(0).get("score").asDouble()).isEqualTo(100.0);
    assertThat(rows.get(1).get("score").asDouble()).isZero();
  }

  @Test
  void corpusRowsOfMetricsWithoutACorpusFormAverageTheirSentences() throws Exception {
    Path in = input("{\"predictions\": [\"a big  Moose!\", \"wrong\", \"correct2.2\", \"c\"], "
        + "\"targets\": [[\"big moose\", \"hippo\"], [\"correct1\"], [\"correct2.1\", \"correct2.2\"], [\"a\", \"b\"]]}");

    CommandRun run = run("metrics", "exact_match", "--input", in.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(rows(run.out()).get(0).get("score").asDouble()).isEqualTo(50.0);
  }

  @Test
  void anUnknownMetricIsOneLineAndExitTwo() throws Exception {
    CommandRun run = run("metrics", "meteor", "--input", input("{}").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown metric 'meteor'").contains("bleu").doesNotContain("\tat ");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void theJudgeIsRefusedForWhatItIsWithOrWithoutAModelNotAskedForOneFirst() throws Exception {
    Path in = input("{\"hypothesis\": \"a\", \"references\": [\"a\"]}");
    for (CommandRun run : List.of(run("metrics", "llm_judge", "--input", in.toString()),
        run("metrics", "llm_judge", "--input", in.toString(), "--set", "model=gpt-judge"))) {
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err().strip()).isEqualTo("apprentice: llm_judge calls a model through the gateway: use it in an"
          + " evaluation suite ('apprentice eval run')");
    }
  }

  @Test
  void anUnknownSetIsRefusedBeforeAnyRowIsRead() throws Exception {
    CommandRun run = run("metrics", "bleu", "--input", input("not json").toString(), "--set", "smoothing=exp");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown setting 'smoothing' for bleu");
  }

  @Test
  void aMalformedLineIsBadInputNamedByItsNumberAndNoOutputIsLeft() throws Exception {
    Path in = input("{\"hypothesis\": \"a\", \"references\": [\"a\"]}", "{\"hypothesis\": oops}");
    Path out = dir.resolve("out.jsonl");

    CommandRun run = run("metrics", "ter", "--input", in.toString(), "--output", out.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("in.jsonl line 2: not a JSON object (Unrecognized token").doesNotContain("\tat ");
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(out).doesNotExist();
    assertThat(dir.resolve(".out.jsonl.partial")).doesNotExist();
  }

  @Test
  void aSecondObjectOnALineOrAKeyGivenTwiceIsRefusedNamingTheLineRatherThanLeftUnscored() throws Exception {
    String row = "{\"hypothesis\": \"a\", \"references\": [\"a\"]}";

    CommandRun two = run("metrics", "bleu", "--input", input(row, row + " " + row).toString());
    CommandRun twice = run("metrics", "bleu", "--input",
        input(row, "{\"hypothesis\": \"a\", \"references\": [\"a\"], \"hypothesis\": \"b\"}").toString());

    assertThat(two.exit()).isEqualTo(2);
    assertThat(two.err()).startsWith("apprentice: in.jsonl line 2: more than one JSON value on the line")
        .hasLineCount(1);
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err()).isEqualTo("apprentice: in.jsonl line 2: the key 'hypothesis' is given twice; one of the "
        + "two values would be lost\n");
  }

  @Test
  void aLineLongerThanTheLimitPerLineIsRefusedNamingTheLineAndTheLimit() throws Exception {
    String row = "{\"hypothesis\": \"a\", \"references\": [\"a\"]}";
    Path in = input(row, "{\"hypothesis\": \"a\"" + " ".repeat(JsonLines.MAX_LINE_CHARS) + "}");

    CommandRun run = run("metrics", "bleu", "--input", in.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("apprentice: in.jsonl line 2: longer than the limit of 40,000,000 characters "
        + "per line (a line is read whole into memory)\n");
  }

  @Test
  void missingFieldsAndUnknownRowSettingsAreBadInputNamedWithTheirLine() throws Exception {
    CommandRun missing = run("metrics", "bleu", "--input", input("{\"hypothesis\": \"a\"}").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("line 1: no references (or target) for the hypothesis");

    CommandRun shapeless = run("metrics", "bleu", "--input", input("{\"text\": \"a\"}").toString());
    assertThat(shapeless.err()).contains("line 1: a row needs hypothesis");

    CommandRun unknown = run("metrics", "rougeL", "--input",
        input("{\"prediction\": \"a\", \"target\": \"a\", \"settings\": {\"stemmer\": true}}").toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("line 1: unknown setting 'stemmer' for rougeL (known: use_stemmer)");
  }

  @Test
  void anInputFileThatCannotBeReadIsBadUsageInOneClearLine() {
    Path missing = dir.resolve("nope.jsonl");
    CommandRun run = run("metrics", "bleu", "--input", missing.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("apprentice: cannot read " + missing + ": no such file\n");

    CommandRun folder = run("metrics", "bleu", "--input", dir.toString());
    assertThat(folder.exit()).isEqualTo(2);
    assertThat(folder.err()).isEqualTo("apprentice: cannot read " + dir + ": a folder, not a file\n");
  }

  @Test
  void inputThatIsNotUtf8IsBadInputAndAnOutputWithoutItsFolderFailsInOneClearLine() throws Exception {
    Path latin1 = Files.write(dir.resolve("latin1.jsonl"), ("{\"hypothesis\": \"a\", \"references\": [\"a\"]}\n"
        + "{\"hypothesis\": \"caf\u00e9\", \"references\": [\"a\"]}\n").getBytes(StandardCharsets.ISO_8859_1));
    CommandRun notUtf8 = run("metrics", "bleu", "--input", latin1.toString());
    assertThat(notUtf8.exit()).isEqualTo(2);
    assertThat(notUtf8.err()).isEqualTo("apprentice: " + latin1 + " line 2: not UTF-8 text (the file must be UTF-8"
        + " throughout)\n");

    Path in = input("{\"hypothesis\": \"a\", \"references\": [\"a\"]}");
    CommandRun noFolder = run("metrics", "bleu", "--input", in.toString(), "--output", dir.resolve("no/such/out.jsonl").toString());
    assertThat(noFolder.exit()).isEqualTo(1);
    assertThat(noFolder.err()).contains("cannot write").contains("no such folder");
  }

  @Test
  void anOutputThatIsAFolderIsRefusedSayingSoAndTheFolderIsLeftAsItWas() throws Exception {
    Path in = input("{\"hypothesis\": \"a\", \"references\": [\"a\"]}");
    Path folder = Files.createDirectories(dir.resolve("out"));

    CommandRun run = run("metrics", "bleu", "--input", in.toString(), "--output", folder.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("apprentice: cannot write " + folder + ": a folder\n");
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void theCommandHasHelp() {
    CommandRun run = run("metrics", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--input").contains("--set").contains("rougeLsum");
  }

  @Test
  void theHelpNamesEveryMetricThatAnUnknownNameIsToldAbout() throws Exception {
    CommandRun unknown = run("metrics", "meteor", "--input", input("{}").toString());
    String known = unknown.err().substring(unknown.err().indexOf("(known: ") + "(known: ".length(),
        unknown.err().lastIndexOf(')'));
    assertThat(known).contains("semantic_similarity", "rouge3", "contains", "accuracy");

    CommandRun help = run("metrics", "--help");

    assertThat(help.out().replaceAll("\\s+", " ")).contains(known);
  }
}
