package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON Lines file: one JSON object per line; blank lines are skipped, and a byte order mark at the start. A line
 * with anything after its object (a second object, stray text) or an object that gives a key twice is refused with
 * its line: either way part of the row would be lost without a word.
 */
public final class JsonlDataset implements DatasetSource {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$");
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
        items.add(rows.item(items.size(), row(line, where), where));
      }
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("cannot read the dataset " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dataset " + file + ": " + e.getMessage(), e);
    }
    return items;
  }

  /** The line's one JSON object; anything else on the line, or a key given twice, is refused. */
  private static Map<String, Object> row(String line, String where) throws IOException {
    boolean read = false;
    try (JsonParser parser = JSON.createParser(line)) {
      Map<String, Object> row = JSON.readValue(parser, ROW);
      if (row == null) throw new IllegalArgumentException(where + ": not a JSON object (null)");
      read = true;
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(where + ": more than one JSON value on the line (JSON Lines holds one "
            + "object per line; the rest would be lost)");
      }
      return row;
    } catch (JsonProcessingException e) {
      String limit = SizeLimits.describe(e);
      if (limit != null) throw new IllegalArgumentException(where + ": " + limit);
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.matches()) {
        throw new IllegalArgumentException(where + ": the key '" + duplicate.group(1) + "' is given twice; one of "
            + "the two values would be lost");
      }
      String what = read ? "text after the JSON object" : "not a JSON object";
      throw new IllegalArgumentException(where + ": " + what + " (" + e.getOriginalMessage() + ")");
    }
  }
}
