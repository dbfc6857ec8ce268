package dev.apprentice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code text} column of a CSV file (RFC 4180: quoted fields may hold commas, line breaks, doubled quotes). */
final class BenchTexts {

  private BenchTexts() {}

  static List<String> column(Path csv, String name) throws IOException {
    List<List<String>> rows = parse(Files.readString(csv, StandardCharsets.UTF_8));
    int column = rows.getFirst().indexOf(name);
    if (column < 0) throw new IOException(csv + " has no column '" + name + "'");
    List<String> texts = new ArrayList<>(rows.size());
    for (List<String> row : rows.subList(1, rows.size())) texts.add(row.get(column));
    return texts;
  }

  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        boolean doubled = c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"';
        if (doubled) i++;
        if (c == '"' && !doubled) quoted = false;
        else field.append(c);
      } else if (c == '"') {
        quoted = any = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        if (any) {
          row.add(field.toString());
          rows.add(row);
        }
        row = new ArrayList<>();
        field.setLength(0);
        any = false;
      } else {
        field.append(c);
        any = true;
      }
    }
    if (any) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
