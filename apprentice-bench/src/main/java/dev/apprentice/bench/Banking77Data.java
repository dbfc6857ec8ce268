package dev.apprentice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Banking77 intent data set: customer questions, each labelled with one of 77 intents (RFC 4180 CSV). */
public final class Banking77Data {

  /** One labelled question. */
  public record Row(String text, String intent) {}

  private Banking77Data() {}

  /** The rows of {@code train.csv} or {@code test.csv} (header {@code text,category}). */
  public static List<Row> read(Path csv) throws IOException {
    List<List<String>> records = parse(Files.readString(csv, StandardCharsets.UTF_8));
    List<Row> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      if (record.size() != 2) throw new IOException(csv + ": a record without two fields: " + record);
      rows.add(new Row(record.get(0), record.get(1)));
    }
    return rows;
  }

  /** Splits CSV text into records of fields: quoted fields may hold commas, doubled quotes and line breaks. */
  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
