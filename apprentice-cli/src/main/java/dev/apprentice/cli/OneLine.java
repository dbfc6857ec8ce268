package dev.apprentice.cli;

/**
 * A failure as the one line a command prints before it exits non-zero: a message of several lines (a YAML parser's
 * with its pointer to the column, say) is joined into one.
 */
public final class OneLine {

  private OneLine() {}

  public static String of(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) message = e.getClass().getSimpleName();
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
