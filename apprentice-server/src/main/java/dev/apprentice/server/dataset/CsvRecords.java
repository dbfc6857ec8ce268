package dev.apprentice.server.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV records read one at a time with Jackson's RFC 4180 parser (quoted fields may hold commas, line breaks and
 * doubled quotes; CRLF or LF record ends; empty lines skipped). Each record knows the line it starts on, so errors
 * name it.
 */
final class CsvRecords {

  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

  private final MappingIterator<List<String>> records;
  private int recordLine = 1;
  private boolean started;

  CsvRecords(Reader reader) throws IOException {
    this.records = CSV.readerForListOf(String.class).readValues(reader);
  }

  /** The line the last record returned starts on. */
  int recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end. */
  List<String> next() throws IOException {
    try {
      recordLine = records.getCurrentLocation().getLineNr() + (started ? 1 : 0);
      if (!records.hasNextValue()) return null;
      started = true;
      recordLine = records.getCurrentLocation().getLineNr();
      return new ArrayList<>(records.nextValue());
    } catch (JsonProcessingException | RuntimeException e) {
      int line = e instanceof JsonProcessingException j && j.getLocation() != null ? j.getLocation().getLineNr()
          : recordLine;
      String reason = firstLine(e);
      if (reason.contains("closing quote")) throw new DatasetRowException(recordLine, "a quoted field is never closed");
      throw new DatasetRowException(line, "malformed CSV: " + reason);
    }
  }

  private static String firstLine(Exception e) {
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
  }
}
