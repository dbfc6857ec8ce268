package dev.apprentice.bench;

import dev.apprentice.eval.metric.CorpusMetric;
import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.metric.Settings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the evaluation metrics on one thread: 10,000 Banking77 sentence pairs ({@link BankingPairs}) scored
 * with BLEU, chrF, TER and ROUGE, one warm-up pass then timed passes; prints a Markdown table of pairs per second
 * of wall time, and per second of the benchmark thread's CPU time (steadier on a machine shared with other work).
 *
 * <p>Usage: {@code MetricBench [train.csv] [pairs] [rounds]} (defaults: ../shared/data/banking77/train.csv from the
 * repository root, 10000, 5).
 */
public final class MetricBench {

  private record Case(String label, String metric, Settings settings, boolean corpus) {}

  private static final List<Case> CASES = List.of(
      new Case("BLEU, sentence", "bleu", Settings.none(), false),
      new Case("BLEU, one corpus", "bleu", Settings.none(), true),
      new Case("chrF, sentence", "chrf", Settings.none(), false),
      new Case("chrF++ (word_order=2), sentence", "chrf", Settings.none().with("word_order", 2), false),
      new Case("TER, sentence", "ter", Settings.none(), false),
      new Case("ROUGE-1", "rouge1", Settings.none(), false),
      new Case("ROUGE-1, use_stemmer", "rouge1", Settings.none().with("use_stemmer", true), false),
      new Case("ROUGE-L", "rougeL", Settings.none(), false),
      new Case("ROUGE-L, use_stemmer", "rougeL", Settings.none().with("use_stemmer", true), false));

  private MetricBench() {}

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/banking77/train.csv");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<BankingPairs.Pair> pairs = BankingPairs.load(data, count);
    List<String> hypotheses = pairs.stream().map(BankingPairs.Pair::hypothesis).toList();
    List<List<String>> references = pairs.stream().map(p -> List.of(p.reference())).toList();

    MetricRegistry registry = MetricRegistry.standard();
    System.out.printf(Locale.ROOT, "Metric throughput: %,d Banking77 train.csv pairs (query vs the next query of the "
        + "same intent), one thread, %d timed passes after 1 warm-up pass; Java %s%n%n", count, rounds,
        System.getProperty("java.version"));
    System.out.println("| metric | pairs/s (median) | slowest-fastest pass | pairs per CPU-second (median) "
        + "| mean score |");
    System.out.println("|---|---:|---:|---:|---:|");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (Case c : CASES) {
      Metric metric = registry.create(c.metric(), c.settings());
      double score = pass(metric, c.corpus(), hypotheses, references);
      double[] rates = new double[rounds];
      double[] cpuRates = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        score = pass(metric, c.corpus(), hypotheses, references);
        rates[r] = count / ((System.nanoTime() - start) / 1e9);
        cpuRates[r] = count / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
      }
      Arrays.sort(rates);
      Arrays.sort(cpuRates);
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f-%,.0f | %,.0f | %.4f |%n", c.label(), rates[rounds / 2],
          rates[0], rates[rounds - 1], cpuRates[rounds / 2], score);
    }
  }

  /** One pass over all pairs: the corpus score, or the mean of the sentence scores. */
  private static double pass(Metric metric, boolean corpus, List<String> hypotheses, List<List<String>> references) {
    if (corpus) return ((CorpusMetric) metric).corpusScore(hypotheses, references).value();
    double sum = 0;
    for (int i = 0; i < hypotheses.size(); i++) sum += metric.score(hypotheses.get(i), references.get(i)).value();
    return sum / hypotheses.size();
  }
}
