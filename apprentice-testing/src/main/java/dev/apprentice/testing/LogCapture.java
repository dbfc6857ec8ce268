package dev.apprentice.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What some loggers log while a test runs (JUL, where Helidon's loggers and Apprentice's {@code System.Logger}s go),
 * kept from the moment this is opened until it is closed: the records of every logger whose name starts with one of
 * the given prefixes (a logger's name, or a package's).
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root = LogManager.getLogManager().getLogger("");
  private final List<String> prefixes;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler keep = new Handler() {
    @Override
    public void publish(LogRecord record) {
      String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
      if (prefixes.stream().anyMatch(logger::startsWith)) records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture(List<String> prefixes) {
    this.prefixes = List.copyOf(prefixes);
    root.addHandler(keep);
  }

  /** Starts keeping what the loggers whose names start with one of {@code prefixes} log. */
  public static LogCapture of(String... prefixes) {
    return new LogCapture(List.of(prefixes));
  }

  /** Records at WARNING or above, or with a stack trace, with their level and logger: what alarms an operator. */
  public List<String> alarms() {
    return records.stream()
        .filter(r -> loud(r) || r.getThrown() != null)
        .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + described(r))
        .toList();
  }

  /** The messages at WARNING or above, each with its exception when it has one: what reads as a fault in the log. */
  public List<String> warnings() {
    return records.stream().filter(LogCapture::loud).map(LogCapture::described).toList();
  }

  /** Every record's message, as logged. */
  public List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  private static boolean loud(LogRecord record) {
    return record.getLevel().intValue() >= Level.WARNING.intValue();
  }

  private static String described(LogRecord record) {
    return record.getMessage() + (record.getThrown() == null ? "" : " / " + record.getThrown());
  }

  @Override
  public void close() {
    root.removeHandler(keep);
  }
}
