package dev.apprentice.cli;

/** A failure as the one line a command prints before it exits non-zero. */
final class OneLine {

  private OneLine() {}

  static String of(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) message = e.getClass().getSimpleName();
    return message.strip();
  }
}
