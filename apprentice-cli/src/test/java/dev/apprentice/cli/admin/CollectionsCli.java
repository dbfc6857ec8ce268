package dev.apprentice.cli.admin;

import dev.apprentice.api.Embedder;
import dev.apprentice.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs {@code apprentice ...} in this JVM with the {@code collections} commands on a given embedding model. */
final class CollectionsCli {

  private CollectionsCli() {}

  static Cli.Run run(Supplier<Embedder> embedder, String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == CollectionsCommand.class ? type.cast(new CollectionsCommand(embedder)) : defaults.create(type);
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli.Run(exit, out.toString(), err.toString());
  }
}
