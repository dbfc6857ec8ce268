package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.files.DataFolders;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.testing.WordHashEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCheckCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureOutput() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private int run(String... args) {
    return Main.commandLine().execute(args);
  }

  @Test
  void aNameOutsideAsciiIsPrintedInUtf8UnderAnAsciiLocaleAsEveryOtherCommandPrintsIt() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.US_ASCII)); // System.out under LANG=C
    Path file = Files.writeString(dir.resolve("ok.yaml"), """
        providers:
          openai: { type: openai, api_key: "sk-live-1234567890abcd" }
        models:
          smart: { targets: [ { provider: openai, model: modèle-français } ] }
        """);
    CommandLine cli = Main.commandLine();
    cli.setOut(Main.standardOutput(System.out, null)); // as Main.main sets it

    assertThat(cli.execute("config", "check", file.toString())).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("modèle-français");
  }

  @Test
  void aProblemNamingAModelOutsideAsciiIsPrintedInUtf8UnderAnAsciiLocaleAsEveryOtherCommandsErrorIs()
      throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.US_ASCII)); // System.err under LANG=C
    Path file = Files.writeString(dir.resolve("bad.yaml"), """
        providers:
          openai: { type: openai, api_key: "sk-live-1234567890abcd" }
        models:
          écho: { targets: [ { provider: openai, model: gpt-4o } ], retrys: 3 }
        """);

    assertThat(run("config", "check", file.toString())).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("apprentice: invalid config " + file + ": models.écho");
  }

  @Test
  void aValidFileIsPrintedResolvedWithItsSecretsMasked() throws Exception {
    Path file = Files.writeString(dir.resolve("ok.yaml"), """
        providers:
          openai: { type: openai, api_key: "sk-live-1234567890abcd" }
        models:
          smart: { targets: [ { provider: openai, model: gpt-4o } ] }
        """);

    assertThat(run("config", "check", file.toString())).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("valid").contains("smart").contains("gpt-4o").doesNotContain("sk-live-1234567890abcd");
  }

  @Test
  void anApiKeyFromAnUnsetVariableIsValidButWarnedAboutOnStandardError() throws Exception {
    Path file = Files.writeString(dir.resolve("typo.yaml"), """
        providers:
          openai: { type: openai, api_key: "${OPENAI_API_KEY_MISSPELT_FOR_THIS_TEST}" }
        models:
          smart: { targets: [ { provider: openai, model: gpt-4o } ] }
        """);

    assertThat(run("config", "check", file.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("valid");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("apprentice: warning: providers.openai.api_key:"
        + " environment variable 'OPENAI_API_KEY_MISSPELT_FOR_THIS_TEST' is not set");
  }

  @Test
  void aModelNothingPricesIsValidButWarnedAboutOnStandardErrorSayingBudgetsCannotBind() throws Exception {
    Path file = Files.writeString(dir.resolve("unpriced.yaml"), """
        providers:
          up: { type: openai, base_url: "http://127.0.0.1:9/v1" }
        models:
          llama: { targets: [ { provider: up, model: llama-3-70b } ] }
        """);

    assertThat(run("config", "check", file.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("valid").contains("unpriced: refuse");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("apprentice: warning: models.llama.targets[0]:"
        + " 'up/llama-3-70b' has no price").contains("no budget can bind on it");
  }

  @Test
  void anOpenAiProvidersReasoningHistoryIsPrintedAutoWhenLeftOut() throws Exception {
    Path file = Files.writeString(dir.resolve("reasoning.yaml"), """
        providers:
          plain: { type: openai, base_url: "http://127.0.0.1:8000/v1" }
          deepseek: { type: openai, base_url: "https://api.deepseek.com", reasoning_history: tool_turns }
        models:
          smart: { targets: [ { provider: plain, model: m }, { provider: deepseek, model: deepseek-chat } ] }
        """);

    assertThat(run("config", "check", file.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("reasoning_history: auto")
        .contains("reasoning_history: tool_turns");
  }

  @Test
  void anInvalidFileExitsNonZeroNamingEveryProblemByPath() throws Exception {
    Path file = Files.writeString(dir.resolve("broken.yaml"), """
        providers:
          openai: { type: openai }
        models:
          smart:
            retrys: 2
            targets: [ { provider: opena, model: gpt-4o } ]
        """);

    assertThat(run("config", "check", file.toString())).isEqualTo(2);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines()).as("several problems: each on a line of its own, under the command's line")
        .hasSize(3).first().isEqualTo("apprentice: invalid config " + file + ":");
    assertThat(printed).contains("models.smart.targets[0].provider: unknown provider 'opena' (known: openai) "
            + "(did you mean 'openai'?)")
        .contains("models.smart.retrys: unknown key").doesNotContain("Exception");
  }

  @Test
  void aMissingFileIsOneClearLineNotAStackTrace() {
    assertThat(run("config", "check", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("apprentice: invalid config " + dir.resolve("nope.yaml")
        + ": config file not found: " + dir.resolve("nope.yaml") + "\n");
  }

  @Test
  void withoutAFileTheBuiltInDefaultIsChecked() {
    assertThat(run("config", "check")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("sim-echo");
  }

  private static final String GUARDED = """
      providers:
        sim: { type: simulator }
      models:
        plain: { targets: [ { provider: sim, model: sim-echo } ] }
        support:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { input: { injection: block }, injection: { detector: nosuch } }
      """;

  @Test
  void aModelWhoseInjectionDetectorWasNeverTrainedIsInvalidAtItsPathWithTheCommandThatTrainsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("guarded.yaml"), GUARDED);
    Path data = dir.resolve("data");

    assertThat(run("config", "check", file.toString(), "--data-dir", data.toString())).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("apprentice: invalid config " + file + ": "
        + "models.support.guard.injection.detector: no detector named 'nosuch' in " + data.resolve("guard/injection")
        + " (train it with: apprentice guard train --data FILE --name nosuch)\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void serveRefusesTheSameDetectorInTheSameWordsAndExitStatusBeforeStarting() throws Exception {
    Path file = Files.writeString(dir.resolve("guarded.yaml"), GUARDED);
    Path data = dir.resolve("data");

    assertThat(run("serve", "--config", file.toString(), "--data-dir", data.toString(), "--port", "0")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("apprentice: invalid config " + file + ": "
        + "models.support.guard.injection.detector: no detector named 'nosuch' in " + data.resolve("guard/injection")
        + " (train it with: apprentice guard train --data FILE --name nosuch)\n");
  }

  @Test
  void aDataDirThatNamesAFileIsInvalidForConfigCheckAsForServeInTheSameWords() throws Exception {
    Path file = Files.writeString(dir.resolve("ok.yaml"), "data_dir: " + dir.resolve("data/inner") + "\n"
        + "providers: { sim: { type: simulator } }\nmodels: { echo: { targets: [ { provider: sim, model: x } ] } }\n");
    Path data = Files.writeString(dir.resolve("data"), "a file");
    String expected = "apprentice: invalid config " + file + ": data_dir: " + data + " is a file, not a folder (serve"
        + " could not keep its data there)\n";

    assertThat(run("config", "check", file.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    err.reset();
    assertThat(run("config", "check", file.toString(), "--data-dir", data.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    err.reset();
    assertThat(run("serve", "--config", file.toString(), "--port", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aDetectorTrainedIntoTheDataDirectoryServeUsesIsValid() throws Exception {
    Path fromFile = dir.resolve("from-file");
    Path file = Files.writeString(dir.resolve("guarded.yaml"), "data_dir: " + fromFile + "\n" + GUARDED);
    Files.createDirectories(fromFile.resolve("guard/injection/nosuch"));

    assertThat(run("config", "check", file.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(run("config", "check", file.toString(), "--data-dir", dir.resolve("elsewhere").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no detector named 'nosuch' in "
        + dir.resolve("elsewhere/guard/injection"));
  }

  @Test
  void aDetectorNamedInTheTopLevelGuardBlockIsOneProblemThereAndNoneWhereInjectionIsOff() throws Exception {
    Path file = Files.writeString(dir.resolve("guarded.yaml"), """
        providers:
          sim: { type: simulator }
        guard: { input: { injection: flag }, injection: { detector: nosuch } }
        models:
          a: { targets: [ { provider: sim, model: sim-echo } ] }
          b: { targets: [ { provider: sim, model: sim-echo } ] }
          c:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { input: { injection: off } }
        """);

    assertThat(run("config", "check", file.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "apprentice: invalid config " + file + ": guard.injection.detector: no detector named 'nosuch' in "
            + dir.resolve("data/guard/injection") + " (train it with: apprentice guard train --data FILE --name nosuch)");
  }

  @Test
  void aDetectorNamedWhereNoInjectionScannerRunsIsNotLookedFor() throws Exception {
    Path file = Files.writeString(dir.resolve("quiet.yaml"),
        GUARDED.replace("input: { injection: block }", "input: { pii: redact }"));

    assertThat(run("config", "check", file.toString(), "--data-dir", dir.resolve("data").toString())).isZero();
  }

  @Test
  void aRagModelWhoseCollectionDoesNotExistIsWarnedAboutInTheBannersWordsAndOneWhoseCollectionExistsIsNot()
      throws Exception {
    Path data = dir.resolve("data");
    try (Collections collections = new Collections(DataFolders.collections(data), WordHashEmbedder::new)) {
      collections.create("handbook");
    }
    Path file = Files.writeString(dir.resolve("rag.yaml"), """
        providers: { sim: { type: simulator } }
        models:
          ghost-bot: { targets: [ { provider: sim, model: sim-echo } ], rag: { collection: ghost } }
          docs-bot: { targets: [ { provider: sim, model: sim-echo } ], rag: { collection: handbook } }
        """);

    assertThat(run("config", "check", file.toString(), "--data-dir", data.toString())).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("apprentice: warning: model 'ghost-bot' retrieves from "
        + "collection 'ghost', which does not exist: its calls are answered without context until it is created "
        + "(apprentice collections create ghost)\n").doesNotContain("'handbook', which does not exist");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command : new String[][] {{"--help"}, {"serve", "--help"}, {"config", "check", "--help"},
        {"simulator", "--help"}, {"bench", "gateway", "--help"}}) {
      assertThat(run(command)).as(String.join(" ", command)).isZero();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: apprentice serve").contains("--data-dir");
  }

  @Test
  void anUnknownOptionIsRejectedWithAReason() {
    assertThat(run("serve", "--prot", "9")).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--prot");
  }

  @Test
  void theSimulatorRejectsAnUnknownFaultBeforeStarting() {
    assertThat(run("simulator", "--port", "0", "--fault", "meteor=0.5")).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown fault 'meteor'");
  }
}
