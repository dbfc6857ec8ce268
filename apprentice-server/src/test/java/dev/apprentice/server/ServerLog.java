package dev.apprentice.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the server and its web server log while a test runs (JUL, where Helidon's and Apprentice's loggers go), kept
 * from the moment it is opened until it is closed.
 */
final class ServerLog implements AutoCloseable {

  private final Logger root = LogManager.getLogManager().getLogger("");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler keep = new Handler() {
    @Override
    public void publish(LogRecord record) {
      String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
      if (logger.startsWith("io.helidon") || logger.startsWith("dev.apprentice")) records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  ServerLog() {
    root.addHandler(keep);
  }

  /** Records at WARNING or above, or with a stack trace: what an operator would be alarmed by. */
  List<String> alarms() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null)
        .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
            + (r.getThrown() == null ? "" : " / " + r.getThrown()))
        .toList();
  }

  /** Every record's message, as logged. */
  List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Override
  public void close() {
    root.removeHandler(keep);
  }
}
