package dev.apprentice.cli.admin;

import dev.apprentice.api.access.HiddenCharacters;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A text table with aligned columns (by the columns a terminal draws each cell in, {@link DisplayWidth}), numbers
 * right-aligned, and optional rules (before a total row).
 */
public final class Table {

  private static final String GAP = "  ";

  private final List<String> headers = new ArrayList<>();
  private final List<Boolean> rightAligned = new ArrayList<>();
  private final List<String[]> rows = new ArrayList<>();

  public Table column(String header) {
    headers.add(header);
    rightAligned.add(false);
    return this;
  }

  public Table number(String header) {
    headers.add(header);
    rightAligned.add(true);
    return this;
  }

  public Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
    }
    String[] shown = new String[cells.length];
    for (int c = 0; c < cells.length; c++) shown[c] = printable(cells[c]);
    rows.add(shown);
    return this;
  }

  /**
   * The cell with every control or format character as '?': cells hold what clients and stores sent (a model name a
   * client asked for, a key name from before names were checked), and an ESC sequence or a bidi override printed
   * raw would rewrite the operator's terminal or disguise the row.
   */
  static String printable(String cell) {
    return HiddenCharacters.replaced(cell);
  }

  /** A line of dashes under every column. */
  Table rule() {
    rows.add(null);
    return this;
  }

  public void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = DisplayWidth.of(headers.get(c));
      for (String[] row : rows) if (row != null) widths[c] = Math.max(widths[c], DisplayWidth.of(row[c]));
    }
    out.println(line(headers.toArray(String[]::new), widths));
    for (String[] row : rows) {
      if (row == null) {
        String[] dashes = new String[widths.length];
        for (int c = 0; c < widths.length; c++) dashes[c] = "-".repeat(widths[c]);
        out.println(line(dashes, widths));
      } else {
        out.println(line(row, widths));
      }
    }
  }

  private String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) line.append(GAP);
      String pad = " ".repeat(widths[c] - DisplayWidth.of(cells[c]));
      line.append(rightAligned.get(c) ? pad + cells[c] : cells[c] + pad);
    }
    return line.toString().stripTrailing();
  }
}
