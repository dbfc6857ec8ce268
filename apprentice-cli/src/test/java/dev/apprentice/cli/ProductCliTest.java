package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI of PRODUCT.md §4, row by row: every command line of its table parses as written, every command has
 * {@code --help}, and a command that fails exits non-zero with one line on standard error saying why.
 */
class ProductCliTest {

  @TempDir
  Path dir;

  /** The command lines of PRODUCT.md §4, each option given a value. */
  private static final List<String> PRODUCT_COMMAND_LINES = List.of(
      "serve --config apprentice.yaml --host 127.0.0.1 --port 8080 --data-dir .apprentice",
      "config check",
      "config check apprentice.yaml",
      "keys create --tenant acme --name demo --models smart,cheap --rpm 60 --tpm 10000 --budget-usd-day 2.5",
      "keys create --tenant acme --url http://127.0.0.1:8080",
      "keys list",
      "keys list --url http://127.0.0.1:8080",
      "keys revoke 0123456789ab",
      "traces list --limit 5 --model smart --since 1h",
      "traces show tr_0123",
      "traces export --format jsonl",
      "costs --by model --since 7d",
      "costs --by tenant",
      "costs --by key",
      "costs --by day",
      "simulator --port 9001",
      "bench gateway --target apprentice=http://127.0.0.1:8080/v1",
      "metrics bleu --input rows.jsonl --output scored.jsonl --set tokenize=13a --set lowercase=true",
      "guard scan --input rows.jsonl --output scanned.jsonl --scanners pii,secrets,injection");

  @Test
  void everyCommandLineOfTheProductTableParsesAsWritten() {
    for (String line : PRODUCT_COMMAND_LINES) {
      assertThatCode(() -> Main.commandLine().parseArgs(line.split(" "))).as(line).doesNotThrowAnyException();
    }
  }

  @Test
  void theCommandGroupsOfLaterCapabilitiesThatExistAreThere() {
    assertThat(Main.commandLine().getSubcommands().keySet())
        .contains("cache", "collections", "guard", "prompts", "datasets", "eval", "metrics");
  }

  @Test
  void everyCommandPrintsItsHelpOnStandardOutputAndExitsZero() {
    List<String> commands = commands(Main.commandLine());
    assertThat(commands).hasSizeGreaterThan(40);

    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")).subList(1, command.split(" ").length));
      args.add("--help");
      Run run = run(args.toArray(String[]::new));

      assertThat(run.exit()).as(command).isZero();
      assertThat(run.out()).as(command).contains("Usage: " + command);
      assertThat(run.err()).as(command).isEmpty();
    }
  }

  @Test
  void aCommandThatFailsSaysWhyInOneLineOnStandardErrorAndExitsNonZero() {
    String data = dir.resolve("empty").toString();
    String missing = dir.resolve("missing.jsonl").toString();
    List<String> failing = List.of(
        "serve --config " + dir.resolve("nope.yaml"),
        "serve --port 99999 --data-dir " + data,
        "config check " + dir.resolve("nope.yaml"),
        "keys create --data-dir " + data,
        "keys revoke 0123456789ab --data-dir " + data,
        "keys list --url http://127.0.0.1:1 --admin-key some-admin-key",
        "traces show tr_0123 --data-dir " + data,
        "traces list --limit 0 --data-dir " + data,
        "traces export --format csv --data-dir " + data,
        "costs --by colour --data-dir " + data,
        "prompts show triage --data-dir " + data,
        "datasets show tickets --data-dir " + data,
        "simulator --port -1",
        "bench gateway",
        "metrics bleu --input " + missing,
        "metrics nosuch --input " + missing,
        "guard scan --input " + missing);

    for (String line : failing) {
      Run run = run(line.split(" "));

      assertThat(run.exit()).as(line).isIn(1, 2);
      assertThat(run.err().lines()).as("%s: %s", line, run.err()).singleElement()
          .satisfies(reason -> assertThat(reason).startsWith("apprentice: "));
      assertThat(run.out()).as(line).isEmpty();
    }
  }

  @Test
  void aLookupThatFailsOnADataDirectoryWithoutADatabaseSaysBothOnItsOneLine() {
    String data = dir.resolve("empty").toString();

    Run run = run("keys", "revoke", "0123456789ab", "--data-dir", data);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("apprentice: no active key with id '0123456789ab': nothing stored yet: no database"
        + " at " + dir.resolve("empty/apprentice.db") + " (data directory " + dir.resolve("empty") + ")\n");
    assertThat(run("keys", "list", "--data-dir", data).err()).as("a command that succeeds still says it")
        .isEqualTo("apprentice: nothing stored yet: no database at " + dir.resolve("empty/apprentice.db")
            + " (data directory " + dir.resolve("empty") + ")\n");
  }

  /** What one run printed, on picocli's writers and on the process's streams together (serve and config use those). */
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      CommandRun run = CommandRun.of(args);
      return new Run(run.exit(), run.out() + out.toString(StandardCharsets.UTF_8),
          run.err() + err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  /** The qualified name of every command, groups included, found by walking the tree. */
  private static List<String> commands(CommandLine command) {
    List<String> found = new ArrayList<>();
    found.add(command.getCommandSpec().qualifiedName());
    for (CommandLine sub : command.getSubcommands().values()) found.addAll(commands(sub));
    return found;
  }
}
