package dev.apprentice.cli;

/**
 * The content of a file a command was given is wrong: a row that is not JSON or lacks a field, text that is not
 * UTF-8, a suite that is not valid. It is bad usage like a bad option (exit 2, one line naming the file and line),
 * so that a script tells "fix the input" (2) from "a valid request failed" (1) whichever command read the file.
 */
public final class BadInput extends RuntimeException {

  public BadInput(String message) {
    super(message, null, false, false);
  }
}
