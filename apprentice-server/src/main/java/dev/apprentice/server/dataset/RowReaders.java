package dev.apprentice.server.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.apprentice.eval.dataset.JsonLines;
import dev.apprentice.eval.dataset.SizeLimits;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.DatasetStore.ItemSink;
import dev.apprentice.store.DatasetStore.ItemSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an imported file row by row as an {@link ItemSource}, so rows stream into the store without being held in
 * memory: JSON Lines (one object per line, blank lines skipped, a key given twice or a line over
 * {@link JsonLines#MAX_LINE_CHARS} characters refused) or CSV with a header row (empty lines, and records whose every
 * cell is empty, skipped). A bad row stops the import with its
 * line number; the file must be UTF-8 (a leading byte-order mark is ignored).
 */
public final class RowReaders {

  /** How the line reader names the file in its errors, which name lines by number alone. */
  private static final String FILE = "file";
  /** A key given twice in a row is refused, as in every other JSON Lines file read: one value would be lost. */
  private static final ObjectReader ROW = ServerJson.MAPPER.readerFor(JsonNode.class)
      .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$");

  private RowReaders() {}

  /** The rows of {@code in} in the options' format; the stream is read when the source emits, and closed after. */
  public static ItemSource of(InputStream in, ImportOptions options) {
    RowMapping mapping = new RowMapping(options);
    return sink -> {
      try (Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024)) {
        if (options.format().equals("csv")) csv(reader, mapping, sink);
        else jsonl(reader, mapping, sink);
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new IllegalArgumentException("the file is not UTF-8 text");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the file: " + e.getMessage(), e);
      }
    };
  }

  private static void jsonl(Reader reader, RowMapping mapping, ItemSink sink) throws IOException {
    JsonLines lines = new JsonLines(reader, FILE);
    String text;
    while ((text = next(lines)) != null) {
      int line = lines.lineNumber();
      if (text.isBlank()) continue;
      JsonNode row;
      try {
        row = ROW.readTree(text);
      } catch (JsonProcessingException e) {
        String limit = SizeLimits.describe(e);
        if (limit != null) throw new DatasetRowException(line, limit);
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.matches()) {
          throw new DatasetRowException(line, "the key '" + duplicate.group(1) + "' is given twice; one of the two "
              + "values would be lost");
        }
        throw new DatasetRowException(line, "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
      }
      mapping.json(line, row, sink);
    }
  }

  /** The next line, or null at the end; a line over {@link JsonLines#MAX_LINE_CHARS} is refused with its number. */
  private static String next(JsonLines lines) throws IOException {
    try {
      return lines.next();
    } catch (IllegalArgumentException e) {
      String where = FILE + " line " + (lines.lineNumber() + 1) + ": ";
      String reason = e.getMessage().startsWith(where) ? e.getMessage().substring(where.length()) : e.getMessage();
      throw new DatasetRowException(lines.lineNumber() + 1, reason);
    }
  }

  private static void csv(Reader reader, RowMapping mapping, ItemSink sink) throws IOException {
    CsvRecords records = new CsvRecords(reader);
    List<String> header = records.header();
    if (header == null) return;
    mapping.csvHeader(header);
    for (List<String> cells = records.next(); cells != null; cells = records.next()) {
      mapping.csv(records.recordLine(), header, cells, sink);
    }
  }
}
