package dev.apprentice.eval.dataset;

import java.util.ArrayList;
import java.util.List;

/** Splits CSV text into records of fields (RFC 4180; CRLF or LF line ends; a BOM is dropped). */
final class CsvRecords {

  private CsvRecords() {}

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    boolean any = false;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
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
        any = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("CSV ends inside a quoted field");
    if (any) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
