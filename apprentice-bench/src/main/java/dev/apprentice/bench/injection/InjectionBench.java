package dev.apprentice.bench.injection;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.bench.BenchInput;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.injection.DetectorProvenance;
import dev.apprentice.guard.injection.InjectionModel;
import dev.apprentice.guard.injection.InjectionScanner;
import dev.apprentice.guard.injection.InjectionTrainer;
import dev.apprentice.guard.injection.LabelledText;
import dev.apprentice.guard.injection.TrainingSet;
import dev.apprentice.guard.injection.TrainingSets;
import dev.apprentice.local.embedding.EmbedderSettings;
import dev.apprentice.local.embedding.MiniLmEmbedder;
import dev.apprentice.local.embedding.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The injection detector on the InjecGuard protocol: trains the default detector from the built-in examples (never
 * from these files), then scores NotInject one/two/three (benign: accuracy = share not flagged) and BIPIA text and
 * code test attacks (accuracy = share flagged), every text as a direct prompt. Extra rows, outside the protocol:
 * BIPIA's train attacks and its benign email contexts. Then a threshold sweep, a check that no test text is a
 * near-copy of a training example, and single-thread latency per scan including the embedding. Texts held out for
 * one change ({@code bench/injection-held-out.jsonl}, or {@code --held-out FILE}) are reported per category.
 */
public final class InjectionBench {

  private InjectionBench() {}

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    Path data = Path.of("../shared/data/prompt-injection");
    Path nativeDir = Path.of("bench/results/native");
    double threshold = 0.5;
    boolean errors = false;
    int iterations = 400;
    double cost = InjectionTrainer.DEFAULT_COST;
    boolean float32 = false;
    Path heldOut = Path.of("bench/injection-held-out.jsonl");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--native-dir" -> nativeDir = Path.of(args[++i]);
        case "--threshold" -> threshold = Double.parseDouble(args[++i]);
        case "--errors" -> errors = true;
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--cost" -> cost = Double.parseDouble(args[++i]);
        case "--float32" -> float32 = true;
        case "--held-out" -> heldOut = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    InjectionData.requireProtocol(data);
    try (MiniLmEmbedder embedder = MiniLmEmbedder.open(
        float32 ? ModelSource.classpath() : ModelSource.quantized(), nativeDir, EmbedderSettings.defaults())) {
      run(embedder, data, threshold, errors, iterations, cost, heldOut);
    }
  }

  private static void run(Embedder embedder, Path data, double threshold, boolean errors, int iterations,
      double cost, Path heldOut) throws Exception {
    TrainingSet training = TrainingSets.builtIn();
    long start = System.nanoTime();
    InjectionModel model = new InjectionTrainer(embedder, Clock.systemUTC(), cost).train(training, "default");
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    DetectorProvenance p = model.provenance();
    System.out.println("Embedding model: " + embedder.model() + " (the detector's; --float32 for the float model).\n");
    System.out.printf(Locale.ROOT, "Trained on the built-in set: %d injection + %d benign examples in %.1f s "
        + "(embedding included). %d-fold cross-validation: accuracy %.1f%%, recall %.1f%%, false positives %.1f%%.%n%n",
        p.injections(), p.benign(), trainSeconds, p.crossValidation().folds(), 100 * p.crossValidation().accuracy(),
        100 * p.crossValidation().recall(), 100 * p.crossValidation().falsePositiveRate());
    InjectionScanner scanner = new InjectionScanner(() -> model, embedder, threshold);

    List<InjectionData.Subset> protocol = List.of(InjectionData.notInject(data, "one"),
        InjectionData.notInject(data, "two"), InjectionData.notInject(data, "three"),
        InjectionData.bipia(data, "text_attack_test.json", "BIPIA text (test)"),
        InjectionData.bipia(data, "code_attack_test.json", "BIPIA code (test)"));
    List<InjectionData.Subset> extra = List.of(
        InjectionData.bipia(data, "text_attack_train.json", "BIPIA text (train split, not trained on)"),
        InjectionData.bipia(data, "code_attack_train.json", "BIPIA code (train split, not trained on)"),
        InjectionData.emailContexts(data));
    List<InjectionData.Subset> unseen = new ArrayList<>();
    Path shared = data.toAbsolutePath().getParent();
    if (Files.exists(shared.resolve("banking77/test.csv"))) unseen.add(InjectionData.banking77(shared));
    if (Files.exists(shared.resolve("pii/synth_dataset_v2.json"))) unseen.add(InjectionData.piiSentences(shared));
    List<double[]> protocolRisks = new ArrayList<>();
    System.out.printf(Locale.ROOT, "| subset | rows | expected | accuracy at %.2f |%n|---|---|---|---|%n", threshold);
    for (InjectionData.Subset subset : protocol) protocolRisks.add(report(scanner, subset, threshold, errors, Origin.PROMPT));
    List<double[]> extraRisks = new ArrayList<>();
    for (InjectionData.Subset subset : extra) {
      extraRisks.add(report(scanner, subset, threshold, errors, subset.injection() ? Origin.PROMPT : Origin.RETRIEVED));
    }
    for (InjectionData.Subset subset : unseen) report(scanner, subset, threshold, false, Origin.PROMPT);
    System.out.println();
    if (Files.exists(heldOut)) {
      HeldOutTexts.report(scanner, heldOut, threshold, errors);
      System.out.println();
    }
    sweep(protocol, protocolRisks);
    System.out.println();
    overlap(embedder, training, protocol);
    System.out.println();
    latency(() -> new InjectionScanner(() -> model, embedder, threshold), protocol, extra.get(2), iterations);
  }

  private static double[] report(InjectionScanner scanner, InjectionData.Subset subset, double threshold,
      boolean errors, Origin origin) {
    double[] risks = new double[subset.texts().size()];
    int right = 0;
    for (int i = 0; i < risks.length; i++) {
      var result = scanner.scan(subset.texts().get(i), origin);
      risks[i] = result.risk();
      boolean flagged = risks[i] >= threshold;
      if (flagged == subset.injection()) right++;
      else if (errors) System.err.printf(Locale.ROOT, "  miss [%s] %.2f %s%n", subset.name(), risks[i],
          (flagged ? result.findings().stream().max(java.util.Comparator.comparingDouble(
              dev.apprentice.guard.Finding::score)).orElseThrow().text() : subset.texts().get(i)).replace('\n', ' '));
    }
    System.out.printf(Locale.ROOT, "| %s | %d | %s | %.2f%% |%n", subset.name(), risks.length,
        subset.injection() ? "injection" : "benign", 100.0 * right / risks.length);
    return risks;
  }

  /** Over-defense (NotInject mean), BIPIA (text/code mean) and their mean, per threshold. */
  private static void sweep(List<InjectionData.Subset> protocol, List<double[]> risks) {
    System.out.println("| threshold | over-defense (NotInject mean) | BIPIA (text, code mean) | average of the two |");
    System.out.println("|---|---|---|---|");
    for (double t = 0.3; t <= 0.91; t += 0.1) {
      double[] accuracy = new double[protocol.size()];
      for (int s = 0; s < protocol.size(); s++) {
        int right = 0;
        for (double r : risks.get(s)) if ((r >= t) == protocol.get(s).injection()) right++;
        accuracy[s] = 100.0 * right / risks.get(s).length;
      }
      double overDefense = (accuracy[0] + accuracy[1] + accuracy[2]) / 3;
      double bipia = (accuracy[3] + accuracy[4]) / 2;
      System.out.printf(Locale.ROOT, "| %.1f | %.2f%% | %.2f%% (%.2f, %.2f) | %.2f%% |%n", t, overDefense, bipia,
          accuracy[3], accuracy[4], (overDefense + bipia) / 2);
    }
  }

  /** The highest cosine between any test text and any training example: no test text was copied into training. */
  private static void overlap(Embedder embedder, TrainingSet training, List<InjectionData.Subset> protocol) {
    List<Embedding> train = embedder.embed(training.examples().stream().map(LabelledText::text).toList());
    double max = 0;
    int over90 = 0;
    int over95 = 0;
    int total = 0;
    for (InjectionData.Subset subset : protocol) {
      for (Embedding test : embedder.embed(subset.texts())) {
        double best = 0;
        for (Embedding t : train) best = Math.max(best, dot(test.vector(), t.vector()));
        max = Math.max(max, best);
        if (best >= 0.90) over90++;
        if (best >= 0.95) over95++;
        total++;
      }
    }
    System.out.printf(Locale.ROOT, "Nearest training example to each of the %d test texts (cosine of MiniLM "
        + "embeddings): max %.3f; %d at or over 0.90, %d at or over 0.95.%n", total, max, over90, over95);
  }

  /** Each call scans with a fresh scanner (nothing remembered), but the last row, which scans a growing chat. */
  private static void latency(java.util.function.Supplier<InjectionScanner> fresh, List<InjectionData.Subset> protocol,
      InjectionData.Subset emails, int iterations) {
    List<String> prompts = new ArrayList<>();
    for (InjectionData.Subset s : protocol) prompts.addAll(s.texts());
    List<String> kilobyte = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (String e : emails.texts()) all.append(e).append("\n\n");
    for (int at = 0; at + 1024 <= all.length(); at += 1024) kilobyte.add(all.substring(at, at + 1024));
    System.out.println("| texts (one scan per call, one thread, embedding included) | calls | p50 ms | p99 ms |");
    System.out.println("|---|---|---|---|");
    time("InjecGuard prompts (NotInject + BIPIA test)", prompts, iterations, t -> fresh.get().scan(t));
    time("1 KB slices of BIPIA emails", kilobyte, iterations, t -> fresh.get().scan(t));
    Embedder embedder = fresh.get().embedder();
    time("  for comparison: one embedding of each whole 1 KB slice", kilobyte, iterations,
        t -> embedder.embed(List.of(t)));
    InjectionScanner remembering = fresh.get();
    List<String> turns = new ArrayList<>();
    StringBuilder chat = new StringBuilder();
    for (String prompt : prompts) {
      if (chat.length() + prompt.length() > 1024) chat.setLength(0);
      chat.append(prompt).append('\n');
      turns.add(chat.toString());
    }
    time("chats growing by one prompt a turn up to 1 KB, earlier turns remembered", turns, turns.size(), 0,
        remembering::scan);
  }

  private static void time(String name, List<String> texts, int iterations,
      java.util.function.Consumer<String> op) {
    time(name, texts, iterations, Math.min(50, iterations), op);
  }

  /** Warms up on the last texts, then times one call per text in order (again from the start past the end). */
  private static void time(String name, List<String> texts, int iterations, int warmup,
      java.util.function.Consumer<String> op) {
    for (int i = 0; i < warmup; i++) op.accept(texts.get(texts.size() - 1 - i % texts.size()));
    Histogram h = new Histogram(60_000_000_000L, 3);
    int calls = warmup == 0 ? texts.size() : Math.min(iterations, texts.size() * 4);
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      op.accept(texts.get(i % texts.size()));
      h.recordValue(System.nanoTime() - start);
    }
    System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", name, calls, h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6);
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }
}
