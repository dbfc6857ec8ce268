package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.List;

/**
 * Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks;
 * CRLF or LF line ends; a BOM is dropped), with Jackson's CSV parser. Used by dataset import and the benchmarks.
 */
public final class CsvRecords {

  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

  private CsvRecords() {}

  /** Every record of {@code text}, the header (if any) included; malformed CSV is an IllegalArgumentException. */
  public static List<List<String>> parse(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try (MappingIterator<List<String>> records = CSV.readerForListOf(String.class).readValues(body)) {
      return records.readAll();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed CSV: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
  }
}
