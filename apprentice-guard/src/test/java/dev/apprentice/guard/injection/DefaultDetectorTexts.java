package dev.apprentice.guard.injection;

import dev.apprentice.guard.Origin;
import dev.apprentice.local.embedding.EmbedderSettings;
import dev.apprentice.local.embedding.MiniLmEmbedder;
import dev.apprentice.local.embedding.ModelSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of texts against the default detector, trained from the built-in examples on the int8 MiniLM embeddings it
 * ships with, at the default threshold: each test class that extends this trains it once.
 */
abstract class DefaultDetectorTexts {

  static final double THRESHOLD = 0.5;

  @TempDir
  static Path dataDir;
  private static MiniLmEmbedder embedder;
  private static InjectionScanner scanner;

  @BeforeAll
  static void trainTheDefaultDetector() {
    embedder = MiniLmEmbedder.open(ModelSource.quantized(), dataDir.resolve("native"), EmbedderSettings.defaults());
    InjectionModel detector =
        new InjectionDetectors(dataDir, embedder, Clock.systemUTC()).load(InjectionDetectors.DEFAULT);
    scanner = new InjectionScanner(() -> detector, embedder, THRESHOLD);
  }

  @AfterAll
  static void closeTheModel() {
    if (embedder != null) embedder.close();
  }

  /** Each text with the risk the detector gives it as a prompt, in the order given. */
  static Map<String, Double> risks(List<String> texts) {
    Map<String, Double> risks = new LinkedHashMap<>();
    for (String text : texts) risks.put(text, scanner.scan(text, Origin.PROMPT).risk());
    return risks;
  }
}
