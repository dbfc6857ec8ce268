package dev.apprentice.bench.store;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * What trace retention costs the trace writer: a SQLite store is filled with {@code --traces} calls (1 KB request
 * and response bodies, one attempt each, spread over 60 days), then a writer thread appends batches of 100 traces
 * every 20 ms, as the gateway's writer would under load, first alone and then while half of the stored traces (the
 * older 30 days) are deleted. Prints each phase's append latency percentiles, the deletion's duration and the file
 * size.
 */
public final class RetentionBench {

  private static final String BODY = "x".repeat(1024);

  private RetentionBench() {}

  public static void main(String[] args) throws Exception {
    int traces = 200_000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--traces")) traces = Integer.parseInt(args[++i]);
      else throw new IllegalArgumentException("unknown option " + args[i]);
    }
    Path dir = Files.createTempDirectory("apprentice-retention-bench");
    Path file = dir.resolve("apprentice.db");
    Instant now = Instant.now();
    try (Store store = Store.open("jdbc:sqlite:" + file)) {
      long start = System.nanoTime();
      Duration span = Duration.ofDays(60);
      for (int from = 0; from < traces; from += 1_000) {
        List<TraceRecord> batch = new ArrayList<>(1_000);
        for (int i = from; i < Math.min(traces, from + 1_000); i++) {
          batch.add(trace("old-" + i, now.minus(span).plusMillis(span.toMillis() * i / traces)));
        }
        store.traces().append(batch);
      }
      double fillSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "Filled %,d traces in %.1f s (%,.0f traces/s); file %,d MB.%n%n", traces,
          fillSeconds, traces / fillSeconds, Files.size(file) >> 20);

      System.out.println("| phase | appends of 100 | p50 ms | p99 ms | max ms |");
      System.out.println("|---|---:|---:|---:|---:|");
      Histogram alone = appendWhile(store, now, "alone", () -> sleep(4_000));
      print("writer alone (4 s)", alone);
      long[] deleted = new long[1];
      double[] seconds = new double[1];
      Histogram during = appendWhile(store, now, "during", () -> {
        long t0 = System.nanoTime();
        deleted[0] = store.traces().deleteStartedBefore(now.minus(Duration.ofDays(30)));
        seconds[0] = (System.nanoTime() - t0) / 1e9;
      });
      print("writer while deleting", during);
      System.out.printf(Locale.ROOT, "%nDeleted %,d traces (and their attempts) in %.1f s (%,.0f traces/s); "
          + "file %,d MB after (SQLite reuses the freed pages).%n", deleted[0], seconds[0], deleted[0] / seconds[0],
          Files.size(file) >> 20);
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  /** Appends a batch of 100 every 20 ms on another thread until {@code work} returns; the appends' latencies. */
  private static Histogram appendWhile(Store store, Instant now, String phase, Runnable work) throws Exception {
    Histogram h = new Histogram(60_000_000_000L, 3);
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = Thread.ofPlatform().start(() -> {
      int n = 0;
      while (!stop.get()) {
        List<TraceRecord> batch = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) batch.add(trace(phase + "-" + n++, now));
        long t0 = System.nanoTime();
        store.traces().append(batch);
        h.recordValue(System.nanoTime() - t0);
        sleep(20);
      }
    });
    work.run();
    stop.set(true);
    writer.join();
    return h;
  }

  private static void print(String phase, Histogram h) {
    System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", phase, h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
  }

  private static TraceRecord trace(String id, Instant at) {
    return new TraceRecord(id, at, "acme", "k1", "gpt", "openai", "gpt-4o", "gpt-4o-2024-08-06", "fp_1", false, 200,
        null, null, new Tokens(250, 250, 0, 0, 0), false, 0.003, 850, null, 0.4, "miss", null, List.of("prod"),
        Map.of(), BODY, BODY, List.of(new AttemptRecord(0, "openai", "gpt-4o", 840, "ok", 200, null)), null);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
