package dev.apprentice.cli;

/**
 * The input a command was given is wrong: the content of a file (a row that is not JSON or lacks a field, text that
 * is not UTF-8, a suite that is not valid), or the id of a stored thing that does not exist (an evaluation run). It is
 * bad usage like a bad option (exit 2, one line naming the file and line, or what was not found), so that a script
 * tells "fix the input" (2) from "a valid request failed" (1) whichever command read it.
 */
public final class BadInput extends RuntimeException {

  public BadInput(String message) {
    super(message, null, false, false);
  }
}
