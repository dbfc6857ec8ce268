package dev.apprentice.server.telemetry;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Chooses how the process's console log (JUL, on stderr) is written: text ({@link TextLogFormatter}) or JSON
 * ({@link JsonLogFormatter}), each escaping the control and format characters callers and upstreams may have sent.
 */
public final class Logs {

  private Logs() {}

  /**
   * Installs the formatter for {@code format} on every console handler of the root logger, adding one when there is
   * none. Handler and logger levels are left as they are, so loggers quieted elsewhere stay quiet.
   */
  public static void configure(LogFormat format) {
    Logger root = LogManager.getLogManager().getLogger("");
    boolean installed = false;
    for (Handler handler : root.getHandlers()) {
      if (handler instanceof ConsoleHandler) {
        handler.setFormatter(formatter(format));
        installed = true;
      }
    }
    if (!installed) {
      ConsoleHandler console = new ConsoleHandler();
      console.setFormatter(formatter(format));
      root.addHandler(console);
    }
  }

  static Formatter formatter(LogFormat format) {
    return switch (format) {
      case TEXT -> new TextLogFormatter();
      case JSON -> new JsonLogFormatter();
    };
  }
}
