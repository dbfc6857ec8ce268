package dev.apprentice.eval.dataset;

/** CSV that cannot be read as a table: the message starts with the line the problem is on. */
public final class CsvException extends IllegalArgumentException {

  private final int line;
  private final String reason;

  public CsvException(int line, String reason) {
    super("line " + line + ": " + reason);
    this.line = line;
    this.reason = reason;
  }

  /** The line of the text (1 is the first) where the record in question starts. */
  public int line() {
    return line;
  }

  /** What is wrong, without the line. */
  public String reason() {
    return reason;
  }
}
