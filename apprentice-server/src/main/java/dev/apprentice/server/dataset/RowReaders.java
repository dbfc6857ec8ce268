package dev.apprentice.server.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.eval.dataset.SizeLimits;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.DatasetStore.ItemSink;
import dev.apprentice.store.DatasetStore.ItemSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads an imported file row by row as an {@link ItemSource}, so rows stream into the store without being held in
 * memory: JSON Lines (one object per line, blank lines skipped) or CSV with a header row. A bad row stops the import
 * with its line number; the file must be UTF-8 (a leading byte-order mark is ignored).
 */
public final class RowReaders {

  private RowReaders() {}

  /** The rows of {@code in} in the options' format; the stream is read when the source emits, and closed after. */
  public static ItemSource of(InputStream in, ImportOptions options) {
    RowMapping mapping = new RowMapping(options);
    return sink -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
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

  private static void jsonl(BufferedReader reader, RowMapping mapping, ItemSink sink) throws IOException {
    int line = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
      if (text.isBlank()) continue;
      JsonNode row;
      try {
        row = ServerJson.MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        String limit = SizeLimits.describe(e);
        if (limit != null) throw new DatasetRowException(line, limit);
        throw new DatasetRowException(line, "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
      }
      mapping.json(line, row, sink);
    }
  }

  private static void csv(BufferedReader reader, RowMapping mapping, ItemSink sink) throws IOException {
    CsvRecords records = new CsvRecords(reader);
    List<String> header = records.header();
    if (header == null) return;
    mapping.csvHeader(header);
    for (List<String> cells = records.next(); cells != null; cells = records.next()) {
      mapping.csv(records.recordLine(), header, cells, sink);
    }
  }
}
