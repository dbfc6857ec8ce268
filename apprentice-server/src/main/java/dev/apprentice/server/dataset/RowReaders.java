package dev.apprentice.server.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.eval.dataset.JsonLines;
import dev.apprentice.store.DatasetStore.ItemSink;
import dev.apprentice.store.DatasetStore.ItemSource;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads an imported file row by row as an {@link ItemSource}, so rows stream into the store without being held in
 * memory: JSON Lines, read as an evaluation dataset's are ({@link JsonLines}: one object per line, blank lines
 * skipped; anything after the object, a key given twice or a line over {@link JsonLines#MAX_LINE_CHARS} characters
 * refused), or CSV with a header row (empty lines, and records whose every cell is empty, skipped). A bad row stops
 * the import with its line number; the file must be UTF-8 (a leading byte-order mark is ignored; one of UTF-16 is refused as such).
 */
public final class RowReaders {

  /** How the line reader names the file in its errors, which name lines by number alone. */
  private static final String FILE = "file";

  private RowReaders() {}

  /** The rows of {@code in} in the options' format; the stream is read when the source emits, and closed after. */
  public static ItemSource of(InputStream in, ImportOptions options) {
    RowMapping mapping = new RowMapping(options);
    return sink -> {
      try (Reader reader = new BufferedReader(new InputStreamReader(notUtf16(in), StandardCharsets.UTF_8.newDecoder()
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

  /**
   * {@code in}, once its first bytes are not a UTF-16 byte order mark: a file Excel saved as "Unicode Text" (or
   * PowerShell wrote) would otherwise be refused as text that is not UTF-8, with no word of what it is instead.
   */
  private static InputStream notUtf16(InputStream in) throws IOException {
    InputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if ((first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF)) {
      throw new IllegalArgumentException("the file is UTF-16 text, not UTF-8 (as Excel's \"Unicode Text\" saves it):"
          + " save it as \"CSV UTF-8\", or convert it with iconv -f UTF-16 -t UTF-8");
    }
    return buffered;
  }

  private static void jsonl(Reader reader, RowMapping mapping, ItemSink sink) throws IOException {
    JsonLines lines = new JsonLines(reader, FILE);
    while (true) {
      int line = lines.lineNumber() + 1;
      JsonNode row;
      try {
        String text = lines.next();
        if (text == null) return;
        if (text.isBlank()) continue;
        row = JsonLines.tree(text, lines.where());
      } catch (IllegalArgumentException e) {
        String where = FILE + " line " + line + ": ";
        String reason = e.getMessage().startsWith(where) ? e.getMessage().substring(where.length()) : e.getMessage();
        throw new DatasetRowException(line, reason);
      }
      mapping.json(line, row, sink);
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
