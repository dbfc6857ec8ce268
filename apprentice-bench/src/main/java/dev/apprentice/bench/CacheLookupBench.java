package dev.apprentice.bench;

import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.local.cache.CacheTuning;
import dev.apprentice.local.cache.LuceneResponseCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Lookup latency of the Lucene response cache, the embedding left out (queries are embedded beforehand): exact and
 * semantic lookups at 10k and 100k entries, lookups while another thread stores under each refresh policy, and, apart,
 * what embedding one question costs with langchain4j's all-MiniLM-L6-v2 (the stand-in for Apprentice's own model).
 * Entries are Banking77 training questions embedded, repeated with small Gaussian noise past 10,003; queries are the
 * test questions. Usage: {@code CacheLookupBench [banking77-dir] [output-dir]}.
 */
public final class CacheLookupBench {

  static final int WARMUP = 20_000;
  static final int MEASURED = 50_000;
  static final double NOISE = 0.02;
  static final CachePolicy EXACT = new CachePolicy(CachePolicy.Mode.EXACT, 0.9, Duration.ofDays(1), 10_000_000);
  static final CachePolicy SEMANTIC = new CachePolicy(CachePolicy.Mode.SEMANTIC, 0.9, Duration.ofDays(1), 10_000_000);

  private final float[][] entries;
  private final float[][] queries;
  private final Clock clock = Clock.systemUTC();
  private final StringBuilder report = new StringBuilder();

  private CacheLookupBench(float[][] entries, float[][] queries) {
    this.entries = entries;
    this.queries = queries;
  }

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/banking77");
    Path out = Path.of(args.length > 1 ? args[1] : "bench/results/cache-lookup");
    Files.createDirectories(out);
    List<String> train = Banking77Data.read(data.resolve("train.csv")).stream().map(Banking77Data.Row::text).toList();
    List<String> test = Banking77Data.read(data.resolve("test.csv")).stream().map(Banking77Data.Row::text).toList();
    CacheBenchEmbedder embedder = new CacheBenchEmbedder();

    Histogram embedding = Latency.measure(100, 1_000, i -> embedder.embed(test.get(i % test.size()))).histogram();
    long started = System.nanoTime();
    CacheLookupBench bench = new CacheLookupBench(embedder.vectors(train, out.resolve("train.vectors")),
        embedder.vectors(test, out.resolve("test.vectors")));
    System.out.printf("embedded %d + %d questions (or read them from the last run) in %.1f s%n", train.size(),
        test.size(),
        CacheQualityBench.secondsSince(started));

    bench.report.append("Lookup latency in microseconds, embedding excluded (queries embedded beforehand); ")
        .append(String.format(Locale.ROOT, "%,d lookups after %,d warm-up ones, one thread.%n%n", MEASURED, WARMUP))
        .append("| entries | lookup | p50 | p90 | p99 | p99.9 | max | GCs while timed | hit rate |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (int size : new int[] {10_000, 100_000}) bench.steady(embedder, size);
    bench.control();
    bench.report.append("\nSemantic lookups (10,000 entries) while another thread tries to store 200 new entries a second ")
        .append("(stores/s: what it managed), by refresh policy; lookup latency in microseconds, store latency in milliseconds.\n\n")
        .append("| refresh | lookup p50 | p90 | p99 | p99.9 | max | GCs while timed | store p50 | store p99 | stores/s |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Duration refresh : List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofSeconds(1))) {
      bench.underStores(embedder, refresh);
    }
    bench.report.append(String.format(Locale.ROOT, "%nEmbedding one question (langchain4j AllMiniLmL6V2EmbeddingModel "
        + "as a stand-in for Apprentice's model), %,d calls after 100 warm-up ones: p50 %s ms, p99 %s ms.%n",
        embedding.getTotalCount(), String.format(Locale.ROOT, "%.2f", embedding.getValueAtPercentile(50) / 1e6),
        String.format(Locale.ROOT, "%.2f", embedding.getValueAtPercentile(99) / 1e6)));
    System.out.println(bench.report);
    Files.writeString(out.resolve("cache-lookup.md"), bench.report);
    System.out.println("wrote " + out.resolve("cache-lookup.md"));
  }

  /** Exact and semantic lookups in a cache of {@code size} entries that nothing writes to. */
  private void steady(CacheBenchEmbedder embedder, int size) throws Exception {
    Path dir = Files.createTempDirectory("apprentice-cache-lookup");
    try {
      long started = System.nanoTime();
      try (LuceneResponseCache cache = new LuceneResponseCache(dir, embedder, clock, CacheTuning.defaults())) {
        for (int i = 0; i < size; i++) cache.store(entryKey(i), answer(i), SEMANTIC, entry(i));
      }
      System.out.printf("stored %,d entries and closed in %.1f s%n", size, CacheQualityBench.secondsSince(started));
      try (LuceneResponseCache cache = new LuceneResponseCache(dir, embedder, clock, CacheTuning.defaults())) {
        Random random = new Random(size);
        AtomicInteger hits = new AtomicInteger();
        Latency.Run exact = Latency.measure(WARMUP, MEASURED,
            i -> hits.addAndGet(cache.lookup(entryKey(random.nextInt(size)), EXACT).isPresent() ? 1 : 0));
        row(size, "exact (stored key)", exact, hits.get());
        hits.set(0);
        Latency.Run semantic = Latency.measure(WARMUP, MEASURED, i -> hits.addAndGet(
            cache.lookup(queryKey(i), SEMANTIC, queries[i % queries.length]).isPresent() ? 1 : 0));
        row(size, "semantic (exact miss + kNN, threshold 0.90)", semantic, hits.get());
      }
    } finally {
      CacheQualityBench.deleteTree(dir);
    }
  }

  /** A table row; the hit rate counts the warm-up lookups too. */
  private void row(int size, String lookup, Latency.Run run, long hits) {
    report.append(String.format(Locale.ROOT, "| %,d | %s | %s | %.1f%% |%n", size, lookup, run.cells(),
        100.0 * hits / (WARMUP + MEASURED)));
  }

  /**
   * The machine's own tail: a fixed computation of about a semantic lookup's median cost (the query's dot products
   * with 300 cached vectors), timed the same way. Its p99 is what the scheduler and the other processes add.
   */
  private void control() {
    double[] sink = new double[1];
    Latency.Run run = Latency.measure(WARMUP, MEASURED, i -> {
      float[] q = queries[i % queries.length];
      double best = -1;
      for (int j = 0; j < 300; j++) {
        float[] e = entries[(i + j) % entries.length];
        float dot = 0;
        for (int d = 0; d < q.length; d++) dot += q[d] * e[d];
        best = Math.max(best, dot);
      }
      sink[0] += best;
    });
    report.append(String.format(Locale.ROOT, "| - | control: 300 dot products of 384 floats, no cache | %s | - |%n",
        run.cells()));
    if (sink[0] == 42) System.out.println();
  }

  /** Semantic lookups in a 10k cache while another thread stores at a steady rate. */
  private void underStores(CacheBenchEmbedder embedder, Duration refresh) throws Exception {
    Path dir = Files.createTempDirectory("apprentice-cache-lookup");
    CacheTuning tuning = CacheTuning.defaults().withRefreshInterval(refresh);
    try {
      try (LuceneResponseCache cache = new LuceneResponseCache(dir, embedder, clock, tuning)) {
        for (int i = 0; i < 10_000; i++) cache.store(entryKey(i), answer(i), SEMANTIC, entry(i));
      }
      try (LuceneResponseCache cache = new LuceneResponseCache(dir, embedder, clock, tuning)) {
        Histogram stores = Latency.histogram();
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().name("bench-store").start(() -> {
          long next = System.nanoTime();
          for (int i = 10_000; !done.get(); i++) {
            next += 5_000_000;
            long start = System.nanoTime();
            cache.store(entryKey(i), answer(i), SEMANTIC, entry(i));
            stores.recordValue(System.nanoTime() - start);
            long wait = next - System.nanoTime();
            if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            else next = System.nanoTime();
          }
        });
        long started = System.nanoTime();
        Latency.Run lookups = Latency.measure(WARMUP, MEASURED,
            i -> cache.lookup(queryKey(i), SEMANTIC, queries[i % queries.length]));
        done.set(true);
        writer.join();
        double seconds = CacheQualityBench.secondsSince(started);
        report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f |%n",
            refresh.isZero() ? "after each store (blocking)" : "every " + refresh.toMillis() + " ms (background)",
            lookups.cells(), Latency.millis(stores), stores.getTotalCount() / seconds));
      }
    } finally {
      CacheQualityBench.deleteTree(dir);
    }
  }

  private float[] entry(int i) {
    float[] base = entries[i % entries.length];
    if (i < entries.length) return base;
    Random random = new Random(i);
    float[] v = new float[base.length];
    for (int d = 0; d < v.length; d++) v[d] = base[d] + (float) (NOISE * random.nextGaussian());
    return CacheBenchEmbedder.unit(v);
  }

  private static CacheKey entryKey(int i) {
    return new CacheKey("bench", "model", "entry-" + i, "support-bot", "entry " + i);
  }

  private static CacheKey queryKey(int i) {
    return new CacheKey("bench", "model", "query-" + i, "support-bot", "query " + i);
  }

  private static CachedAnswer answer(int i) {
    return new CachedAnswer("{\"id\":\"chatcmpl-" + i + "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"A cached answer of a typical length, about a sentence or "
        + "two long.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":18}}", 0.0004);
  }
}
