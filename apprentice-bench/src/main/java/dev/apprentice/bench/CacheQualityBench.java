package dev.apprentice.bench;

import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.local.cache.CacheTuning;
import dev.apprentice.local.cache.LuceneResponseCache;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How good the semantic cache's answers are on Banking77: the 10,003 training questions are cached with their intent
 * as the answer, the 3,080 test questions are looked up, and each threshold from 0.80 to 0.98 is scored by its hit
 * rate and its false hits (a cached intent other than the question's). Prints a Markdown table; writes a CSV and a
 * PNG chart. By default it does so twice and shows the two side by side: with every question in one shared context
 * (meaning alone), and keyed as the gateway keys it, whose numbers and negation rules then apply ({@link CacheRules}).
 * Usage: {@code CacheQualityBench [banking77-dir] [output-dir] [--rules meaning|gateway|both]}.
 */
public final class CacheQualityBench {

  static final double[] THRESHOLDS = {0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98};
  static final double MAX_FALSE_SHARE = 0.02;
  private static final Duration TTL = Duration.ofDays(1);
  private static final Pattern INTENT = Pattern.compile("\"intent\":\"([^\"]*)\"");
  private static final Pattern ROW = Pattern.compile("\"row\":(\\d+)");

  /** The nearest cached question of one test question, found by the real lookup with no threshold. */
  record Nearest(double similarity, String intent, int row) {}

  private CacheQualityBench() {}

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    List<String> paths = new ArrayList<>();
    List<CacheRules> rules = CacheRules.parse("both");
    for (int i = 0; i < args.length; i++) {
      if (!args[i].equals("--rules")) paths.add(args[i]);
      else rules = CacheRules.parse(i + 1 < args.length ? args[++i] : "(nothing)");
    }
    Path data = Path.of(paths.size() > 0 ? paths.get(0) : "../shared/data/banking77");
    Path out = Path.of(paths.size() > 1 ? paths.get(1) : "bench/results/cache-quality");
    Files.createDirectories(out);
    List<Banking77Data.Row> train = Banking77Data.read(data.resolve("train.csv"));
    List<Banking77Data.Row> test = Banking77Data.read(data.resolve("test.csv"));
    CacheBenchEmbedder embedder = new CacheBenchEmbedder();

    long started = System.nanoTime();
    float[][] trainVectors = embedder.vectors(train.stream().map(Banking77Data.Row::text).toList(),
        out.resolve("train.vectors"));
    float[][] testVectors = embedder.vectors(test.stream().map(Banking77Data.Row::text).toList(),
        out.resolve("test.vectors"));
    System.out.printf("embedded %d + %d questions (or read them from the last run) in %.1f s%n", train.size(),
        test.size(), secondsSince(started));

    Map<CacheRules, List<ThresholdRow>> results = new EnumMap<>(CacheRules.class);
    for (CacheRules r : rules) {
      System.out.println("rules: " + r.label());
      Nearest[] nearest = nearest(r, train, trainVectors, test, testVectors, embedder);
      // the brute-force check compares with every cached question, which only meaning alone may match
      if (r == CacheRules.MEANING) System.out.println(new KnnAgreement(trainVectors, testVectors, nearest).summary());
      List<ThresholdRow> rows = ThresholdRow.sweep(THRESHOLDS, test, nearest);
      results.put(r, rows);
      report(r, rows, nearest, train, test, out);
    }
    if (results.size() == 2) {
      String both = ThresholdRow.sideBySide(results.get(CacheRules.MEANING), results.get(CacheRules.GATEWAY),
          train.size(), test.size());
      System.out.println(both);
      Files.writeString(out.resolve("cache-threshold-rules.md"), both);
    }
  }

  /** Caches the training questions under {@code rules}, reopens the cache and finds each test question's nearest. */
  private static Nearest[] nearest(CacheRules rules, List<Banking77Data.Row> train, float[][] trainVectors,
      List<Banking77Data.Row> test, float[][] testVectors, CacheBenchEmbedder embedder) throws Exception {
    Path dir = Files.createTempDirectory("apprentice-cache-quality");
    Clock clock = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);
    Nearest[] nearest = new Nearest[test.size()];
    try {
      long started = System.nanoTime();
      try (LuceneResponseCache cache = new LuceneResponseCache(dir, embedder, clock, CacheTuning.defaults())) {
        for (int i = 0; i < train.size(); i++) {
          cache.store(rules.key(train.get(i).text()), answer(train.get(i).intent(), i), policy(0.9), trainVectors[i]);
        }
      }
      System.out.printf("stored %d entries and closed the cache in %.1f s%n", train.size(), secondsSince(started));
      // Reopened, the index no longer merges, so every lookup below searches the same segments and graphs.
      try (LuceneResponseCache cache = new LuceneResponseCache(dir, embedder, clock, CacheTuning.defaults())) {
        if (cache.stats().entries() != train.size()) throw new IllegalStateException("entries lost: " + cache.stats());
        sweep(cache, rules, test, testVectors, nearest, embedder);
      }
    } finally {
      deleteTree(dir);
    }
    return nearest;
  }

  /** Prints and writes one set of rules' table, CSV, false hits and chart (named with "-gateway" for its rules). */
  private static void report(CacheRules rules, List<ThresholdRow> rows, Nearest[] nearest,
      List<Banking77Data.Row> train, List<Banking77Data.Row> test, Path out) throws java.io.IOException {
    String suffix = rules == CacheRules.MEANING ? "" : "-" + rules.label();
    double recommended = ThresholdRow.recommend(rows, MAX_FALSE_SHARE);
    String table = ThresholdRow.markdown(rows, recommended, train.size(), test.size(), rules.contexts());
    System.out.println(table);
    Files.writeString(out.resolve("cache-threshold" + suffix + ".md"), table);
    Files.writeString(out.resolve("cache-threshold" + suffix + ".csv"), ThresholdRow.csv(rows));
    System.out.println(FalseHits.write(out.resolve("cache-false-hits" + suffix + ".csv"), train, test, nearest, 0.94));
    ThresholdPlot.write(out.resolve("cache-threshold" + suffix + ".png"),
        "Semantic cache on Banking77: hits and false hits by threshold"
            + (rules == CacheRules.MEANING ? "" : " (gateway's rules)"),
        String.format(Locale.ROOT, "%,d training questions cached, %,d test questions looked up; all-MiniLM-L6-v2 "
            + "(langchain4j); false hit = cached intent differs", train.size(), test.size()),
        THRESHOLDS, List.of(
            new ThresholdPlot.Series("hit rate (% of lookups)", new Color(31, 100, 200), false, false,
                rows.stream().mapToDouble(r -> 100 * r.hitRate()).toArray()),
            new ThresholdPlot.Series("false hits (% of hits)", new Color(210, 50, 40), false, true,
                rows.stream().mapToDouble(r -> 100 * r.falseShareOfHits()).toArray()),
            new ThresholdPlot.Series("false hits (% of lookups)", new Color(230, 140, 20), true, true,
                rows.stream().mapToDouble(r -> 100 * r.falseShareOfLookups()).toArray())),
        Double.isNaN(recommended) ? ThresholdRow.floor(rows) : recommended,
        Double.isNaN(recommended)
            ? String.format(Locale.ROOT, "none meets 2%%; false hits level off from %.2f", ThresholdRow.floor(rows))
            : String.format(Locale.ROOT, "recommended %.2f", recommended));
    System.out.println("wrote " + out.resolve("cache-threshold" + suffix + ".csv") + " and "
        + out.resolve("cache-threshold" + suffix + ".png"));
  }

  /** Finds every question's nearest cached question once, with no threshold, then checks that against real lookups. */
  private static void sweep(LuceneResponseCache cache, CacheRules rules, List<Banking77Data.Row> test,
      float[][] vectors, Nearest[] nearest, CacheBenchEmbedder embedder) {
    long started = System.nanoTime();
    for (int q = 0; q < test.size(); q++) {
      nearest[q] = cache.lookup(rules.key(test.get(q).text()), policy(-1.0), vectors[q])
          .map(hit -> new Nearest(hit.similarity(), intentOf(hit.response()), rowOf(hit.response()))).orElse(null);
    }
    System.out.printf("looked up %d questions in %.1f s%n", test.size(), secondsSince(started));
    new ThresholdCheck(cache, rules, test, vectors, nearest).verify(embedder);
  }

  static CachePolicy policy(double threshold) {
    return new CachePolicy(CachePolicy.Mode.SEMANTIC, threshold, TTL, 1_000_000);
  }

  /** The cached "answer" of a training question: its intent and its row. */
  static CachedAnswer answer(String intent, int row) {
    return new CachedAnswer("{\"intent\":\"" + intent + "\",\"row\":" + row + "}", 0.001);
  }

  static String intentOf(String response) {
    Matcher m = INTENT.matcher(response);
    if (!m.find()) throw new IllegalStateException("not a bench answer: " + response);
    return m.group(1);
  }

  static int rowOf(String response) {
    Matcher m = ROW.matcher(response);
    if (!m.find()) throw new IllegalStateException("not a bench answer: " + response);
    return Integer.parseInt(m.group(1));
  }

  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
