package dev.apprentice.local.embedding;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** RFC 4180 records of a CSV text, with Jackson's CSV parser (the local module does not see the eval module's). */
public final class Csv {

  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

  private Csv() {}

  public static List<List<String>> parse(String text) {
    try (MappingIterator<List<String>> rows = CSV.readerForListOf(String.class).readValues(text)) {
      return rows.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
