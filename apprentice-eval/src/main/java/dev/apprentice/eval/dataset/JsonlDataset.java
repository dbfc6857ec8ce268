package dev.apprentice.eval.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.apprentice.api.files.Utf8Lines;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Lines file: one JSON object per line; blank lines are skipped, and a byte order mark at the start. A line
 * with anything after its object (a second object, stray text), an object that gives a key twice, or a line longer
 * than {@link JsonLines#MAX_LINE_CHARS} is refused with its line ({@link JsonLines}).
 */
public final class JsonlDataset implements DatasetSource {

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
      JsonLines lines = new JsonLines(in, file.getFileName().toString());
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (line.isBlank()) continue;
        String where = lines.where();
        items.add(rows.item(items.size(), JsonLines.object(line, where), where));
      }
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("cannot read the dataset " + Utf8Lines.refusal(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dataset " + file + ": " + e.getMessage(), e);
    }
    return items;
  }
}
