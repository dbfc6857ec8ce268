package dev.apprentice.server.dataset;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader: comma-separated fields, double-quoted fields that may hold commas, line breaks and doubled
 * quotes ({@code ""}), CRLF or LF record ends. Empty lines are skipped. Each record knows the line it starts on.
 */
final class CsvRecords {

  private final PushbackReader in;
  private int line = 1;
  private int recordLine = 1;

  CsvRecords(Reader reader) {
    this.in = new PushbackReader(reader, 1);
  }

  /** The line the last record returned starts on. */
  int recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end. */
  List<String> next() throws IOException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean closed = false; // the current field was quoted and its closing quote has been read
    recordLine = line;
    while (true) {
      int ch = in.read();
      if (ch == -1) {
        if (quoted) throw new DatasetRowException(recordLine, "a quoted field is never closed");
        if (fields.isEmpty() && field.isEmpty() && !closed) return null;
        fields.add(field.toString());
        return fields;
      }
      if (quoted) {
        if (ch == '"') {
          int after = in.read();
          if (after == '"') {
            field.append('"');
          } else {
            if (after != -1) in.unread(after);
            quoted = false;
            closed = true;
          }
        } else {
          if (ch == '\n') line++;
          field.append((char) ch);
        }
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
        closed = false;
      } else if (ch == '\r' || ch == '\n') {
        if (ch == '\r') {
          int after = in.read();
          if (after != '\n' && after != -1) in.unread(after);
        }
        line++;
        if (fields.isEmpty() && field.isEmpty() && !closed) {
          recordLine = line; // an empty line
          continue;
        }
        fields.add(field.toString());
        return fields;
      } else if (ch == '"' && field.isEmpty() && !closed) {
        quoted = true;
      } else if (closed) {
        throw new DatasetRowException(line, "unexpected text after a closing quote");
      } else {
        field.append((char) ch);
      }
    }
  }
}
