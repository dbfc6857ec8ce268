package dev.apprentice.server.dataset;

import java.util.Locale;

/**
 * How to read an imported file.
 *
 * @param format         {@code jsonl} or {@code csv}
 * @param inputColumn    the field or column holding the input; null for {@code input} (JSON Lines rows without it
 *                       may give {@code messages})
 * @param expectedColumn the field or column holding the expected answer; null for {@code expected} (optional; none
 *                       when the input is read from {@code expected}); never the input's ({@link SameColumn})
 * @param append         true to add the rows after the newest version's items instead of replacing them
 * @param file           the file's name, for the version's source line; may be null
 */
public record ImportOptions(String format, String inputColumn, String expectedColumn, boolean append, String file) {

  /** The input's field or column when none is named. */
  static final String INPUT = "input";
  /** The expected answer's field or column when none is named (none when the input is read from it). */
  static final String EXPECTED = "expected";

  public ImportOptions {
    format = format == null ? "jsonl" : format.strip().toLowerCase(Locale.ROOT);
    if (!format.equals("jsonl") && !format.equals("csv")) {
      throw new IllegalArgumentException("format must be jsonl or csv; got '" + format + "'");
    }
    inputColumn = blankToNull(inputColumn);
    expectedColumn = blankToNull(expectedColumn);
    if (expectedColumn != null && expectedColumn.equals(inputColumn != null ? inputColumn : INPUT)) {
      throw new SameColumn(expectedColumn, inputColumn != null);
    }
  }

  /**
   * The expected column names the input's (given, or {@code input} by default): a CSV import would read no expected
   * answer and a JSON Lines one would copy the input as it, so neither reads the file.
   */
  public static final class SameColumn extends IllegalArgumentException {

    private final String column;
    private final boolean inputNamed;

    SameColumn(String column, boolean inputNamed) {
      super("the input and the expected answer both come from '" + column + "'");
      this.column = column;
      this.inputNamed = inputNamed;
    }

    /**
     * The error in the caller's names for the two options: {@code --input-column and --expected-column both name
     * 'text'; the input and the expected answer must come from different fields or columns}.
     */
    public String naming(String inputOption, String expectedOption) {
      String both = inputNamed ? inputOption + " and " + expectedOption + " both name '" + column + "'"
          : expectedOption + " names '" + column + "', which is the input column when no " + inputOption + " is given";
      return both + "; the input and the expected answer must come from different fields or columns";
    }
  }

  /** The version's source line: {@code import data.csv (csv, input=text, expected=label)}. */
  public String source() {
    StringBuilder s = new StringBuilder("import ").append(file == null ? "upload" : file).append(" (").append(format);
    if (inputColumn != null) s.append(", input=").append(inputColumn);
    if (expectedColumn != null) s.append(", expected=").append(expectedColumn);
    return s.append(append ? ", appended)" : ")").toString();
  }

  /** The format a file name suggests ({@code .csv}: csv, {@code .jsonl}/{@code .ndjson}: jsonl), or null. */
  public static String formatOf(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) return "csv";
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
