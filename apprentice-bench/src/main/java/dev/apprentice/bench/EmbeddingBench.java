package dev.apprentice.bench;

import dev.apprentice.api.Embedder;
import dev.apprentice.local.embedding.EmbedderSettings;
import dev.apprentice.local.embedding.MiniLmEmbedder;
import dev.apprentice.local.embedding.ModelSource;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Sentences per second of all-MiniLM-L6-v2 on Banking77, in one run: Apprentice's {@link MiniLmEmbedder} (ONNX
 * Runtime with dynamic micro-batching) against langchain4j's {@code AllMiniLmL6V2EmbeddingModel} on the same model
 * files, each with one caller (batches of 32, then one sentence at a time) and with 8 concurrent callers of one
 * sentence each. The two are measured in turn, {@code --rounds} times per scenario, and the median of each is
 * reported (the machine may be shared). Prints a Markdown table with the ratios. With {@code --sweep} it first
 * compares settings of ours.
 *
 * <p>Usage: {@code EmbeddingBench <banking77 folder> [--warmup-s 5] [--seconds 10] [--rounds 3] [--sweep]
 * [--native-dir DIR]}
 */
public final class EmbeddingBench {

  private record Scenario(String name, int threads, int perCall) {}

  private static final List<Scenario> SCENARIOS = List.of(
      new Scenario("1 caller, batches of 32", 1, 32),
      new Scenario("1 caller, one sentence per call", 1, 1),
      new Scenario("8 callers, one sentence per call", 8, 1));

  private EmbeddingBench() {}

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: EmbeddingBench <banking77 folder> [--warmup-s 5] [--seconds 10] [--rounds 3] [--sweep]"
          + " [--native-dir DIR] [--int8]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    long warmup = 5_000;
    long seconds = 10_000;
    int rounds = 3;
    boolean sweep = false;
    Path nativeDir = null;
    boolean int8 = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup-s" -> warmup = Long.parseLong(args[++i]) * 1000;
        case "--seconds" -> seconds = Long.parseLong(args[++i]) * 1000;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--sweep" -> sweep = true;
        case "--native-dir" -> nativeDir = Path.of(args[++i]);
        case "--int8" -> int8 = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (nativeDir == null) {
      Path temporary = Files.createTempDirectory("embedding-bench-native-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(temporary)));
      nativeDir = temporary;
    }
    List<String> texts = Banking77Data.read(folder.resolve("train.csv")).stream().map(Banking77Data.Row::text).toList();
    Throughput throughput = new Throughput(texts, warmup, seconds);
    System.out.printf(Locale.ROOT, "%d Banking77 training sentences, %d cores, Java %s, warm-up %d s, measured %d s,"
        + " median of %d rounds%n%n", texts.size(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
        warmup / 1000, seconds / 1000, rounds);
    if (sweep) SettingsSweep.run(throughput, nativeDir, rounds, int8);
    compare(throughput, nativeDir, rounds, int8);
    System.exit(0);
  }

  /** With {@code int8}, both sides run the int8-quantised variant of the model instead of the float one. */
  private static void compare(Throughput throughput, Path nativeDir, int rounds, boolean int8) throws Exception {
    EmbedderSettings settings = EmbedderSettings.defaults();
    try (MiniLmEmbedder ours = MiniLmEmbedder.open(int8 ? ModelSource.quantized() : ModelSource.classpath(), nativeDir,
        settings)) {
      EmbeddingModel theirs = int8 ? new AllMiniLmL6V2QuantizedEmbeddingModel() : new AllMiniLmL6V2EmbeddingModel();
      String theirName = theirs.getClass().getSimpleName();
      System.out.println("Apprentice settings: " + settings + "; model " + ours.model());
      System.out.println();
      System.out.println("| Scenario | Apprentice MiniLmEmbedder (sentences/s)"
          + " | langchain4j " + theirName + " (sentences/s) | Apprentice / langchain4j |");
      System.out.println("|---|---:|---:|---:|");
      for (Scenario scenario : SCENARIOS) {
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          a[round] = throughput.measure(scenario.threads(), scenario.perCall(), embedding(ours));
          b[round] = throughput.measure(scenario.threads(), scenario.perCall(), embedding(theirs));
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× |%n", scenario.name(), median(a), median(b),
            median(a) / median(b));
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static Consumer<List<String>> embedding(Embedder embedder) {
    return embedder::embed;
  }

  private static Consumer<List<String>> embedding(EmbeddingModel model) {
    return texts -> {
      if (texts.size() == 1) {
        model.embed(texts.getFirst());
      } else {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) segments.add(TextSegment.from(text));
        model.embedAll(segments);
      }
    };
  }
}
