package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Choosing the console log's format changes formatters only, never levels. */
class LogsTest {

  private final Logger root = Logger.getLogger("");
  private final Map<Handler, Formatter> before = new HashMap<>();
  private Level rootLevel;

  @BeforeEach
  void remember() {
    rootLevel = root.getLevel();
    for (Handler handler : root.getHandlers()) before.put(handler, handler.getFormatter());
  }

  @AfterEach
  void restore() {
    for (Handler handler : root.getHandlers()) {
      if (!before.containsKey(handler)) root.removeHandler(handler);
      else if (before.get(handler) != null) handler.setFormatter(before.get(handler));
    }
  }

  @Test
  void jsonInstallsTheJsonFormatterOnTheConsoleHandlersKeepingTheirLevels() {
    Map<Handler, Level> levels = new HashMap<>();
    for (Handler handler : root.getHandlers()) levels.put(handler, handler.getLevel());

    Logs.configure(LogFormat.JSON);

    assertThat(consoleHandlers()).isNotEmpty().allSatisfy(handler -> {
      assertThat(handler.getFormatter()).isInstanceOf(JsonLogFormatter.class);
      if (levels.containsKey(handler)) assertThat(handler.getLevel()).isEqualTo(levels.get(handler));
    });
    assertThat(root.getLevel()).isEqualTo(rootLevel);
  }

  @Test
  void textPutsTheEscapingTextFormatterBack() {
    Logs.configure(LogFormat.JSON);
    Logs.configure(LogFormat.TEXT);

    assertThat(consoleHandlers()).isNotEmpty()
        .allSatisfy(handler -> assertThat(handler.getFormatter()).isInstanceOf(TextLogFormatter.class));
  }

  @Test
  void aConsoleHandlerIsAddedWhenTheRootHasNone() {
    for (Handler handler : root.getHandlers()) root.removeHandler(handler);
    try {
      Logs.configure(LogFormat.JSON);

      assertThat(consoleHandlers()).singleElement()
          .satisfies(handler -> assertThat(handler.getFormatter()).isInstanceOf(JsonLogFormatter.class));
    } finally {
      for (Handler handler : root.getHandlers()) root.removeHandler(handler);
      before.keySet().forEach(root::addHandler);
    }
  }

  private List<Handler> consoleHandlers() {
    return Arrays.stream(root.getHandlers()).filter(ConsoleHandler.class::isInstance).toList();
  }
}
