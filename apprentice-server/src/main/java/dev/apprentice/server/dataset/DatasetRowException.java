package dev.apprentice.server.dataset;

/** A row of an imported file that cannot become a dataset item; the message starts with its line number. */
public final class DatasetRowException extends IllegalArgumentException {

  private final int line;

  public DatasetRowException(int line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  /** The line of the file where the row starts (1 is the first line). */
  public int line() {
    return line;
  }
}
