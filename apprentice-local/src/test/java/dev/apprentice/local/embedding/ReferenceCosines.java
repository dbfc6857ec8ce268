package dev.apprentice.local.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the reference file of {@link Banking77ReferenceTest} (run ONCE, output checked in): the cosine of each pair
 * of the first ten Banking77 training texts, computed by an independent implementation of the same model,
 * langchain4j's {@code AllMiniLmL6V2EmbeddingModel}. Usage: {@code ReferenceCosines <output file>}.
 */
public final class ReferenceCosines {

  static final int TEXTS = 10;

  private ReferenceCosines() {}

  public static void main(String[] args) throws Exception {
    NativeLibraries.useDirectory(Files.createTempDirectory("reference-native-"));
    List<String> texts = Banking77.trainingTexts(TEXTS);
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    List<Embedding> vectors = new AllMiniLmL6V2EmbeddingModel().embedAll(segments).content();
    List<String> lines = new ArrayList<>();
    lines.add("# Cosines of the first " + TEXTS + " texts of Banking77 train.csv, row i column j = cos(text i,"
        + " text j),");
    lines.add("# computed once by langchain4j " + AllMiniLmL6V2EmbeddingModel.class.getPackage().getName()
        + ".AllMiniLmL6V2EmbeddingModel 1.20.0-beta30 (ReferenceCosines).");
    for (Embedding a : vectors) {
      List<String> row = new ArrayList<>();
      for (Embedding b : vectors) row.add(String.format(Locale.ROOT, "%.7f", cosine(a.vector(), b.vector())));
      lines.add(String.join(",", row));
    }
    Files.write(Path.of(args[0]), lines);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
