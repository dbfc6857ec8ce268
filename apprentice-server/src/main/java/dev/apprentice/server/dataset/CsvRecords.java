package dev.apprentice.server.dataset;

import dev.apprentice.eval.dataset.CsvException;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * An imported file's CSV records, read one at a time ({@link dev.apprentice.eval.dataset.CsvRecords}, the parser the
 * eval's CSV files are read with), whose errors are {@link DatasetRowException}s naming the line.
 */
final class CsvRecords {

  private final dev.apprentice.eval.dataset.CsvRecords records;

  CsvRecords(Reader reader) throws IOException {
    this.records = new dev.apprentice.eval.dataset.CsvRecords(reader);
  }

  /** The line the last record returned starts on. */
  int recordLine() {
    return records.recordLine();
  }

  /** The header: the first record, without a byte order mark, each name once; null when there are no records. */
  List<String> header() throws IOException {
    try {
      return records.header();
    } catch (CsvException e) {
      throw new DatasetRowException(e.line(), e.reason());
    }
  }

  /** The next record's fields, or null at the end. */
  List<String> next() throws IOException {
    try {
      return records.next();
    } catch (CsvException e) {
      throw new DatasetRowException(e.line(), e.reason());
    }
  }
}
