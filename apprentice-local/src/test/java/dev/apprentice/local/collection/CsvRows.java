package dev.apprentice.local.collection;

import java.util.ArrayList;
import java.util.List;

/** An RFC 4180 CSV reader for test data: quoted fields may hold commas, doubled quotes and line breaks. */
final class CsvRows {

  private CsvRows() {}

  /** Every record of the text (the header too), each as its fields. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c != '"') {
          field.append(c);
        } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          any = true;
        }
        case ',' -> {
          row.add(field.toString());
          field.setLength(0);
          any = true;
        }
        case '\r' -> { }
        case '\n' -> {
          if (any || !field.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
          }
          row = new ArrayList<>();
          field.setLength(0);
          any = false;
        }
        default -> {
          field.append(c);
          any = true;
        }
      }
    }
    if (quoted) throw new IllegalArgumentException("the CSV ends inside a quoted field");
    if (any || !field.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
