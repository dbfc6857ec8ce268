package dev.apprentice.local.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the response cache logs at WARNING or above while a test runs (its {@code System.Logger} goes to JUL), from the
 * moment this is opened until it is closed: what an operator reading the log would take for a fault.
 */
final class CacheComplaints implements AutoCloseable {

  private final Logger logger = Logger.getLogger(LuceneResponseCache.class.getName());
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
    logger.addHandler(keep);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void close() {
    logger.removeHandler(keep);
  }
}
