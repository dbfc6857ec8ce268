package dev.apprentice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of {@code apprentice ...} in this JVM: its exit status and what it printed.
 *
 * @param exit the exit status
 * @param out  standard output
 * @param err  standard error
 */
public record CommandRun(int exit, String out, String err) {

  /** Runs the command line as the launcher would. */
  public static CommandRun of(String... args) {
    return with(CommandLine.defaultFactory(), args);
  }

  /** Runs it with {@code command} standing in for the command of its type (a test's fake model inside, say). */
  public static <K> CommandRun with(Class<K> type, K command, String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    return with(new CommandLine.IFactory() {
      @Override
      public <T> T create(Class<T> wanted) throws Exception {
        return wanted == type ? wanted.cast(command) : defaults.create(wanted);
      }
    }, args);
  }

  private static CommandRun with(CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CommandRun(exit, out.toString(), err.toString());
  }
}
