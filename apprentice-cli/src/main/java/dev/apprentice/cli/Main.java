package dev.apprentice.cli;

import dev.apprentice.server.telemetry.LogFormat;
import dev.apprentice.server.telemetry.Logs;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Entry point of the runnable jar. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    consoleLogs();
    CommandLine cli = commandLine();
    cli.setOut(standardOutput(System.out, System.getProperty("sun.stdout.encoding")));
    int code = cli.execute(args);
    if (code != 0 || !UntilStopped.serving()) System.exit(code);
  }

  /**
   * Every command's standard output: on {@code stdout} itself, so that {@link PrintWriter#checkError} sees a write
   * that failed (a reader that left: {@code | head}, see {@code WatchedOutput}), autoflushed at each line as picocli's
   * own writer is, in the charset picocli's would have: UTF-8 whatever the locale, or a Windows console's
   * ({@code consoleEncoding}) when Java knows it ({@code cp65001}, which it does not, is UTF-8 too).
   */
  static PrintWriter standardOutput(PrintStream stdout, String consoleEncoding) {
    Charset charset = consoleEncoding == null || !Charset.isSupported(consoleEncoding) ? Charset.defaultCharset()
        : Charset.forName(consoleEncoding);
    return new PrintWriter(stdout, true, charset);
  }

  /** Loggers of libraries that should say only warnings and errors; held here because JUL holds loggers weakly. */
  private static final java.util.logging.Logger[] LIBRARY_LOGGERS = {
      java.util.logging.Logger.getLogger("io.helidon"), java.util.logging.Logger.getLogger("io.github.resilience4j"),
      java.util.logging.Logger.getLogger("io.opentelemetry"), java.util.logging.Logger.getLogger("org.apache.lucene"),
      java.util.logging.Logger.getLogger("ai.djl")};
  /** DJL looks for a GPU it will never use (the tokenizer runs on the CPU) and warns when it finds none. */
  private static final java.util.logging.Logger DJL_CUDA = java.util.logging.Logger.getLogger("ai.djl.util.cuda");

  /**
   * Every command's log on the terminal: one line a record in the text format {@code serve} writes (which then keeps
   * it, or switches to JSON as its configuration says), never JUL's default, whose first line names the logging Java
   * class; libraries say only warnings and errors.
   */
  static void consoleLogs() {
    Logs.configure(LogFormat.TEXT);
    quietLibraryLogs();
  }

  private static void quietLibraryLogs() {
    for (java.util.logging.Logger logger : LIBRARY_LOGGERS) logger.setLevel(java.util.logging.Level.WARNING);
    DJL_CUDA.setLevel(java.util.logging.Level.SEVERE);
  }

  /** The command line with Apprentice's error handling: one line per failure, never a stack trace. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /**
   * The command line with its commands made by {@code factory}: a test hands {@code collections} a fake embedding
   * model this way.
   */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new ApprenticeCommand(), factory);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("apprentice: " + OneLine.of(e));
      return e instanceof BadInput ? 2 : 1;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine command = e.getCommandLine();
      command.getErr().println("apprentice: " + e.getMessage() + " (" + suggestion(e) + "see '"
          + command.getCommandSpec().qualifiedName() + " --help')");
      return 2;
    });
    return cli;
  }

  /**
   * {@code "did you mean 'check'? "} for a misspelt subcommand or option, from picocli's own suggestions (the
   * subcommands and options nearest to what was typed); "" when it has none.
   */
  static String suggestion(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)) return "";
    List<String> suggestions = unmatched.getSuggestions();
    if (suggestions.isEmpty()) return "";
    return "did you mean " + suggestions.stream().map(s -> "'" + s + "'").collect(Collectors.joining(" or ")) + "? ";
  }
}
