package dev.apprentice.local.embedding;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Banking77 sentences of the shared data folder (read by path, never copied into the repository). */
final class Banking77 {

  private Banking77() {}

  /** The folder, or a skipped test with a clear message when it is absent. */
  static Path folder() {
    Path relative = Path.of(System.getProperty("user.dir")).resolve("../../shared/data/banking77").normalize();
    Path absolute = Path.of("/work/shared/data/banking77");
    Path found = Files.isDirectory(relative) ? relative : absolute;
    assumeTrue(Files.isRegularFile(found.resolve("train.csv")),
        "Banking77 is not in ../../shared/data/banking77 (nor /work/shared/data/banking77): test skipped");
    return found;
  }

  /** The first {@code count} texts of train.csv (the {@code text} column). */
  static List<String> trainingTexts(int count) {
    try {
      List<List<String>> rows = Csv.parse(Files.readString(folder().resolve("train.csv"), StandardCharsets.UTF_8));
      int column = rows.getFirst().indexOf("text");
      List<String> texts = new ArrayList<>();
      for (List<String> row : rows.subList(1, rows.size())) {
        if (texts.size() == count) break;
        texts.add(row.get(column));
      }
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
