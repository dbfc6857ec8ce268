package dev.apprentice.eval.dataset;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import dev.apprentice.api.files.Utf8Lines;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file (RFC 4180: commas, double-quoted fields, "" for a quote) whose first record names the columns, each once.
 * Errors name the file and the line the record starts on ({@code items.csv line 4: ...}). A record whose every cell
 * is empty or blank ({@code ,,}, as spreadsheets write at the end of a sheet) holds nothing and is skipped, as the
 * server's dataset import skips it; one with an empty input beside other cells is refused with its line.
 */
public final class CsvDataset implements DatasetSource {

  private final Path file;
  private final RowMapper rows;

  public CsvDataset(Path file, ColumnMapping mapping) {
    this.file = file;
    this.rows = new RowMapper(mapping, true);
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public List<EvalItem> load() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("cannot read the dataset " + Utf8Lines.refusal(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dataset " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName().toString();
    List<EvalItem> items = new ArrayList<>();
    try {
      CsvRecords records = new CsvRecords(new StringReader(text));
      List<String> header = records.header();
      if (header == null) return List.of();
      for (List<String> record = records.next(); record != null; record = records.next()) {
        if (record.stream().allMatch(String::isBlank)) continue;
        String where = name + " line " + records.recordLine();
        if (record.size() != header.size()) {
          throw new IllegalArgumentException(where + ": " + record.size() + " fields for " + header.size() + " columns");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) row.put(header.get(c), record.get(c));
        items.add(rows.item(items.size(), row, where));
      }
    } catch (CsvException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dataset " + file + ": " + e.getMessage(), e);
    }
    return items;
  }
}
