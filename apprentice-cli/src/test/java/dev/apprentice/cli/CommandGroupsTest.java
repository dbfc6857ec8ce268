package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Commands that only group others: without one of them it is bad usage, as a bad option is; help stays help. */
class CommandGroupsTest {

  @Test
  void noArgumentsAtAllPrintTheUsageOnStandardErrorAndExitTwo() {
    CommandRun run = CommandRun.of();

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("missing command").contains("Usage: apprentice [-hV] [COMMAND]")
        .contains("serve").contains("keys");
  }

  @Test
  void everyCommandGroupWithoutItsCommandPrintsItsOwnUsageOnStandardErrorAndExitsTwo() {
    List<String> groups = groups(Main.commandLine());
    assertThat(groups).contains("apprentice keys", "apprentice traces", "apprentice collections",
        "apprentice prompts", "apprentice datasets", "apprentice eval", "apprentice guard", "apprentice cache",
        "apprentice config", "apprentice bench");

    for (String group : groups) {
      String rest = group.substring("apprentice".length()).strip();
      String[] args = rest.isEmpty() ? new String[0] : rest.split(" ");
      CommandRun run = CommandRun.of(args);

      assertThat(run.exit()).as(group).isEqualTo(2);
      assertThat(run.out()).as(group).isEmpty();
      assertThat(run.err()).as(group).contains("missing command").contains("Usage: " + group + " [-hV] [COMMAND]");
    }
  }

  @Test
  void aMisspeltCommandOrOptionIsAnsweredWithTheOneMeantOnTheSameLine() {
    CommandRun command = CommandRun.of("config", "chek");
    CommandRun option = CommandRun.of("config", "check", "--data-dri", "x");
    CommandRun nothingClose = CommandRun.of("zzzzzz");

    assertThat(command.exit()).isEqualTo(2);
    assertThat(command.err()).isEqualTo("apprentice: Unmatched argument at index 1: 'chek' (did you mean"
        + " 'check'? see 'apprentice config --help')" + System.lineSeparator());
    assertThat(option.err()).isEqualTo("apprentice: Unknown option: '--data-dri' (did you mean '--data-dir'? see"
        + " 'apprentice config check --help')" + System.lineSeparator());
    assertThat(nothingClose.err()).isEqualTo("apprentice: Unmatched argument at index 0: 'zzzzzz' (see"
        + " 'apprentice --help')" + System.lineSeparator());
  }

  @Test
  void helpOfAGroupIsStillPrintedOnStandardOutputWithExitZero() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"keys", "--help"}, {"eval", "-h"}, {"config", "--help"}}) {
      CommandRun run = CommandRun.of(args);

      assertThat(run.exit()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).as(String.join(" ", args)).contains("Usage: apprentice");
      assertThat(run.err()).as(String.join(" ", args)).isEmpty();
    }
  }

  @Test
  void aCommandThatIsNotAGroupStillRunsWithoutASubcommand() {
    assertThat(CommandRun.of("--version").exit()).isZero();
    assertThat(groups(Main.commandLine())).doesNotContain("apprentice costs", "apprentice metrics",
        "apprentice serve", "apprentice simulator");
  }

  /** The qualified names of the commands with sub-commands, the top one included, found by walking the tree. */
  private static List<String> groups(CommandLine command) {
    List<String> found = new ArrayList<>();
    if (command.getSubcommands().isEmpty()) return found;
    found.add(command.getCommandSpec().qualifiedName());
    for (CommandLine sub : command.getSubcommands().values()) found.addAll(groups(sub));
    return found;
  }
}
