package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * What {@code --help} prints: picocli starts every element of a description on a line of its own and wraps each to the
 * terminal, so an element must be a whole paragraph; one cut mid-sentence prints a ragged line break in the middle.
 */
class HelpTextTest {

  @Test
  void everyDescriptionOfEveryCommandOptionAndParameterIsMadeOfWholeParagraphs() {
    List<String> cutMidSentence = new ArrayList<>();
    walk(Main.commandLine(), cutMidSentence);

    assertThat(cutMidSentence).isEmpty();
  }

  private static void walk(CommandLine command, List<String> cutMidSentence) {
    String name = command.getCommandSpec().qualifiedName();
    check(name, command.getCommandSpec().usageMessage().description(), cutMidSentence);
    for (ArgSpec arg : command.getCommandSpec().args()) {
      String what = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
      check(name + " " + what, arg.description(), cutMidSentence);
    }
    for (CommandLine sub : command.getSubcommands().values()) walk(sub, cutMidSentence);
  }

  /** Every element but the last must end a sentence, since the next one starts a new line. */
  private static void check(String where, String[] description, List<String> cutMidSentence) {
    for (int i = 0; i < description.length - 1; i++) {
      String line = description[i].strip();
      if (!line.isEmpty() && ".:!?".indexOf(line.charAt(line.length() - 1)) < 0) {
        cutMidSentence.add(where + ": \"" + line + "\"");
      }
    }
  }
}
