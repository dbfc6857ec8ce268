package dev.apprentice.bench;

import dev.apprentice.local.embedding.EmbedderSettings;
import dev.apprentice.local.embedding.MiniLmEmbedder;
import dev.apprentice.local.embedding.ModelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares settings of {@link MiniLmEmbedder} (batch size, run cutting, threads, workers, spinning) on the three
 * scenarios of {@link EmbeddingBench}: all candidates stay loaded and are measured in turn, round after round, and
 * the median of each is printed. With {@code int8}, every candidate runs the int8-quantised model.
 */
final class SettingsSweep {

  private static final int[][] SCENARIOS = {{1, 32}, {1, 1}, {8, 1}};

  private SettingsSweep() {}

  static void run(Throughput throughput, Path nativeDir, int rounds, boolean int8) throws InterruptedException {
    ModelSource source = int8 ? ModelSource.quantized() : ModelSource.classpath();
    EmbedderSettings base = EmbedderSettings.defaults();
    List<EmbedderSettings> candidates = List.of(base,
        base.withRunOverheadTokens(0), base.withRunOverheadTokens(1_000_000), base.withSpinning(true),
        base.withIntraOpThreads(1), base.withIntraOpThreads(1).withWorkers(2),
        base.withIntraOpThreads(1).withWorkers(2).withMaxBatch(16), base.withWorkers(2).withMaxBatch(16),
        base.withMaxBatch(64));
    List<MiniLmEmbedder> embedders = new ArrayList<>();
    for (EmbedderSettings settings : candidates) {
      embedders.add(MiniLmEmbedder.open(source, nativeDir, settings));
    }
    double[][][] results = new double[candidates.size()][SCENARIOS.length][rounds];
    try {
      for (int round = 0; round < rounds; round++) {
        for (int c = 0; c < candidates.size(); c++) {
          for (int s = 0; s < SCENARIOS.length; s++) {
            results[c][s][round] = throughput.measure(SCENARIOS[s][0], SCENARIOS[s][1],
                EmbeddingBench.embedding(embedders.get(c)));
          }
        }
      }
    } finally {
      embedders.forEach(MiniLmEmbedder::close);
    }
    System.out.println("Settings sweep, " + (int8 ? "int8-quantised" : "float") + " model:\n");
    System.out.println("| maxBatch | run overhead | intra-op threads | workers | spinning | batches of 32 (s/s)"
        + " | one per call (s/s) | 8 callers (s/s) |");
    System.out.println("|---:|---:|---:|---:|---|---:|---:|---:|");
    for (int c = 0; c < candidates.size(); c++) {
      EmbedderSettings settings = candidates.get(c);
      System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %s | %.0f | %.0f | %.0f |%n", settings.maxBatch(),
          settings.runOverheadTokens(), settings.intraOpThreads(), settings.workers(), settings.spinning(),
          EmbeddingBench.median(results[c][0]), EmbeddingBench.median(results[c][1]),
          EmbeddingBench.median(results[c][2]));
    }
    System.out.println();
  }
}
