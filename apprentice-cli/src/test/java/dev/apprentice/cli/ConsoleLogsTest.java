package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command logs to the terminal in the server's one-line text format, never naming a Java class. */
class ConsoleLogsTest {

  private final Logger root = Logger.getLogger("");
  private final Map<Handler, Formatter> before = new HashMap<>();

  /** The JVM's own console log, as a command finds it (another test may have chosen the server's already). */
  @BeforeEach
  void startFromTheJvmsDefault() {
    for (Handler handler : root.getHandlers()) {
      before.put(handler, handler.getFormatter());
      if (handler instanceof ConsoleHandler) handler.setFormatter(new SimpleFormatter());
    }
  }

  @AfterEach
  void restore() {
    for (Handler handler : root.getHandlers()) {
      if (!before.containsKey(handler)) root.removeHandler(handler);
      else if (before.get(handler) != null) handler.setFormatter(before.get(handler));
    }
  }

  @Test
  void aWarningOfTheCacheIsOneLineWithoutTheClassThatLoggedIt() {
    LogRecord record = new LogRecord(Level.WARNING, "the response cache cannot be read; starting it empty");
    record.setLoggerName("dev.apprentice.local.cache.CacheIndex");
    record.setSourceClassName("dev.apprentice.local.cache.CacheIndex");
    record.setSourceMethodName("openWriting");

    Main.consoleLogs();

    assertThat(consoleHandlers()).isNotEmpty().allSatisfy(handler -> {
      String line = handler.getFormatter().format(record);
      assertThat(line.lines()).singleElement().asString()
          .endsWith("WARNING: the response cache cannot be read; starting it empty").doesNotContain("dev.apprentice");
    });
  }

  private List<Handler> consoleHandlers() {
    return Arrays.stream(root.getHandlers()).filter(ConsoleHandler.class::isInstance).toList();
  }
}
