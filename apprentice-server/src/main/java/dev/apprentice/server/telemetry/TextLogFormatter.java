package dev.apprentice.server.telemetry;

import dev.apprentice.api.access.HiddenCharacters;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The text log: one line a record, {@code 2026-01-05 09:00:00 WARNING: message} (its stack trace after it, when it
 * has one), without the logging class and method {@link SimpleFormatter}'s default format puts on a line of their
 * own: Java class names mean nothing to a user of the command line. A {@code java.util.logging.SimpleFormatter.format}
 * set by the user (a system or logging property) is honoured instead. Every control and format character of a
 * message, and of an exception's messages in its stack trace, is escaped
 * ({@link HiddenCharacters#escaped}). Messages quote what callers and upstreams sent (a model name, an upstream's
 * error, a file name): raw, a newline would forge a log line, ESC rewrite the terminal of an operator who tails the
 * log, a bidi override disguise what the line says. A stack trace keeps its own line breaks and indentation.
 */
public final class TextLogFormatter extends SimpleFormatter {

  /** The line: date and time, level, message, then the stack trace (SimpleFormatter's arguments 1, 4, 5 and 6). */
  static final String ONE_LINE = "%1$tF %1$tT %4$s: %5$s%6$s%n";
  private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

  /** The user's format, which SimpleFormatter applies; null for the one line. */
  private final String chosen = chosenFormat();

  @Override
  public String format(LogRecord record) {
    Throwable thrown = record.getThrown();
    LogRecord escaped = thrown == null || thrown instanceof EscapedThrowable ? record
        : withThrown(record, new EscapedThrowable(thrown));
    return chosen != null ? super.format(escaped) : oneLine(escaped);
  }

  private String oneLine(LogRecord record) {
    ZonedDateTime at = ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault());
    String trace = "";
    if (record.getThrown() != null) {
      StringWriter text = new StringWriter();
      PrintWriter out = new PrintWriter(text);
      out.println();
      record.getThrown().printStackTrace(out);
      out.close();
      trace = text.toString();
    }
    return String.format(ONE_LINE, at, null, record.getLoggerName(), record.getLevel().getLocalizedName(),
        formatMessage(record), trace);
  }

  private static String chosenFormat() {
    String property = System.getProperty(FORMAT_PROPERTY);
    return property != null ? property : LogManager.getLogManager().getProperty(FORMAT_PROPERTY);
  }

  @Override
  public String formatMessage(LogRecord record) {
    return HiddenCharacters.escaped(String.valueOf(super.formatMessage(record)));
  }

  private static LogRecord withThrown(LogRecord record, Throwable thrown) {
    LogRecord copy = new LogRecord(record.getLevel(), record.getMessage());
    copy.setInstant(record.getInstant());
    copy.setLoggerName(record.getLoggerName());
    copy.setLongThreadID(record.getLongThreadID());
    copy.setParameters(record.getParameters());
    copy.setResourceBundle(record.getResourceBundle());
    copy.setResourceBundleName(record.getResourceBundleName());
    copy.setSequenceNumber(record.getSequenceNumber());
    copy.setSourceClassName(record.getSourceClassName());
    copy.setSourceMethodName(record.getSourceMethodName());
    copy.setThrown(thrown);
    return copy;
  }

  /** Prints another throwable's stack trace, one escaped line per line the JDK writes. */
  private static final class EscapedThrowable extends Throwable {

    private final transient Throwable original;

    EscapedThrowable(Throwable original) {
      super(null, null, false, false);
      this.original = original;
    }

    @Override
    public void printStackTrace(PrintWriter out) {
      original.printStackTrace(new EscapingWriter(out));
    }

    @Override
    public void printStackTrace(PrintStream out) {
      PrintWriter writer = new PrintWriter(out, true);
      printStackTrace(writer);
      writer.flush();
    }
  }

  /**
   * A {@link PrintWriter} whose lines, as {@link Throwable#printStackTrace(PrintWriter)} writes them (one
   * {@code println(Object)} each: the exception's {@code toString()}, {@code \tat} frames, {@code Caused by:}), are
   * escaped after their leading tabs.
   */
  private static final class EscapingWriter extends PrintWriter {

    EscapingWriter(PrintWriter out) {
      super(out);
    }

    @Override
    public void println(Object line) {
      println(String.valueOf(line));
    }

    @Override
    public void println(String line) {
      String text = String.valueOf(line);
      int indent = 0;
      while (indent < text.length() && text.charAt(indent) == '\t') indent++;
      synchronized (lock) {
        print(text.substring(0, indent) + HiddenCharacters.escaped(text.substring(indent)));
        println();
      }
    }
  }
}
