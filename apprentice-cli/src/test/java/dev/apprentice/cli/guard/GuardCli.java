package dev.apprentice.cli.guard;

import dev.apprentice.cli.Main;
import dev.apprentice.testing.WordHashEmbedder;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code apprentice guard ...} in this JVM, the injection detector reading a fake word-hash embedder. */
final class GuardCli {

  /** What one run printed and its exit status. */
  record Run(int exit, String out, String err) {}

  private GuardCli() {}

  static Run run(String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == GuardCommand.class ? type.cast(new GuardCommand(WordHashEmbedder::new)) : defaults.create(type);
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
