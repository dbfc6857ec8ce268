package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JSON Lines file: one JSON object per line; blank lines are skipped, and a byte order mark at the start. */
public final class JsonlDataset implements DatasetSource {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final Path file;
  private final RowMapper rows;

  public JsonlDataset(Path file, ColumnMapping mapping) {
    this.file = file;
    this.rows = new RowMapper(mapping, false);
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public List<EvalItem> load() {
    List<EvalItem> items = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
        if (line.isBlank()) continue;
        String where = file.getFileName() + " line " + lineNumber;
        Map<String, Object> row;
        try {
          row = JSON.readValue(line, ROW);
        } catch (JsonProcessingException e) {
          String limit = SizeLimits.describe(e);
          if (limit != null) throw new IllegalArgumentException(where + ": " + limit);
          throw new IllegalArgumentException(where + ": not a JSON object (" + e.getOriginalMessage() + ")");
        }
        if (row == null) throw new IllegalArgumentException(where + ": not a JSON object (null)");
        items.add(rows.item(items.size(), row, where));
      }
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("cannot read the dataset " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dataset " + file + ": " + e.getMessage(), e);
    }
    return items;
  }
}
