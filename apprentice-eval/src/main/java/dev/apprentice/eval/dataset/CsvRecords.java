package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV records read one at a time with Jackson's RFC 4180 parser (quoted fields may hold commas, doubled quotes and
 * line breaks; CRLF or LF record ends; empty lines skipped). Each record knows the line it starts on, so that every
 * error names it ({@link CsvException}). Used by the eval's CSV files, dataset import and the benchmarks.
 */
public final class CsvRecords {

  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

  private final MappingIterator<List<String>> records;
  private int recordLine = 1;
  private boolean started;

  public CsvRecords(Reader reader) throws IOException {
    this.records = CSV.readerForListOf(String.class).readValues(reader);
  }

  /** Every record of {@code text}, the header (if any) included; malformed CSV is a {@link CsvException}. */
  public static List<List<String>> parse(String text) {
    try {
      CsvRecords records = new CsvRecords(new StringReader(text));
      List<List<String>> all = new ArrayList<>();
      for (List<String> r = records.header(false); r != null; r = records.next()) all.add(r);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The line the last record returned starts on. */
  public int recordLine() {
    return recordLine;
  }

  /**
   * The first record, as a header: its first name without a byte order mark, and each name once (a name given
   * twice is refused: one of the two columns would be lost without a word). Null when there are no records.
   */
  public List<String> header() throws IOException {
    return header(true);
  }

  private List<String> header(boolean unique) throws IOException {
    List<String> header = next();
    if (header == null) return null;
    if (!header.isEmpty() && header.getFirst().startsWith("\uFEFF")) header.set(0, header.getFirst().substring(1));
    for (int i = 0; unique && i < header.size(); i++) {
      int first = header.indexOf(header.get(i));
      if (first < i) {
        throw new CsvException(recordLine, "the header names the column '" + header.get(i) + "' twice (columns "
            + (first + 1) + " and " + (i + 1) + "); rename one");
      }
    }
    return header;
  }

  /** The next record's fields, or null at the end. */
  public List<String> next() throws IOException {
    try {
      recordLine = records.getCurrentLocation().getLineNr() + (started ? 1 : 0);
      if (!records.hasNextValue()) return null;
      started = true;
      recordLine = records.getCurrentLocation().getLineNr();
      return new ArrayList<>(records.nextValue());
    } catch (JsonProcessingException | RuntimeException e) {
      // bytes that are not UTF-8 met past the first buffer: the file's fault, not the CSV's, and the parser's line is
      // only where its buffer ran out; thrown as the decoder's, as they are when the first buffer holds them
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof CharacterCodingException notUtf8) throw notUtf8;
      }
      int line = e instanceof JsonProcessingException j && j.getLocation() != null ? j.getLocation().getLineNr()
          : recordLine;
      String limit = SizeLimits.describe(e);
      if (limit != null) throw new CsvException(recordLine, limit);
      String reason = firstLine(e);
      if (reason.contains("closing quote")) throw new CsvException(recordLine, "a quoted field is never closed");
      throw new CsvException(line, "malformed CSV: " + reason);
    }
  }

  private static String firstLine(Exception e) {
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
  }
}
