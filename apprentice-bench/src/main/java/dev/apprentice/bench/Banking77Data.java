package dev.apprentice.bench;

import dev.apprentice.eval.dataset.CsvRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Banking77 intent data set: customer questions, each labelled with one of 77 intents (RFC 4180 CSV). */
public final class Banking77Data {

  /** One labelled question. */
  public record Row(String text, String intent) {}

  private Banking77Data() {}

  /**
   * The rows of {@code train.csv} or {@code test.csv} (header {@code text,category}); {@link BenchInput.Missing} when
   * the file is not there.
   */
  public static List<Row> read(Path csv) throws IOException {
    BenchInput.requireFile(csv, "Banking77 " + csv.getFileName(), "pass its folder or file as the first argument");
    List<List<String>> records = parse(Files.readString(csv, StandardCharsets.UTF_8));
    List<Row> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      if (record.size() != 2) throw new IOException(csv + ": a record without two fields: " + record);
      rows.add(new Row(record.get(0), record.get(1)));
    }
    return rows;
  }

  /** The CSV records of {@code text}, the header included (the dataset import's parser). */
  static List<List<String>> parse(String text) {
    return CsvRecords.parse(text);
  }
}
