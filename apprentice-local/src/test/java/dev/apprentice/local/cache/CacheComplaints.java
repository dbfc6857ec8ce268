package dev.apprentice.local.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the response cache and its index log at WARNING or above while a test runs (their {@code System.Logger}s go to
 * JUL), from the moment this is opened until it is closed: what an operator reading the log would take for a fault.
 */
final class CacheComplaints implements AutoCloseable {

  private final List<Logger> loggers = List.of(Logger.getLogger(LuceneResponseCache.class.getName()),
      Logger.getLogger(CacheIndex.class.getName()));
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler keep = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(record.getMessage() + (record.getThrown() == null ? "" : " / " + record.getThrown()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  CacheComplaints() {
    loggers.forEach(logger -> logger.addHandler(keep));
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void close() {
    loggers.forEach(logger -> logger.removeHandler(keep));
  }
}
