package dev.apprentice.bench.pii;

import dev.apprentice.bench.BenchInput;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.pii.PiiSettings;
import dev.apprentice.guard.secrets.SecretScanner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Per-call latency of the pattern scanners on prompts of about 1 KB, one thread, after a warm-up. Two prompt sets
 * built from Presidio's evaluation file: "dense" (consecutive sentences, nearly all with PII) and "clean" (only
 * the sentences without annotations); and eleven made-up hostile kilobytes (see {@link #hostile}). Both wall-clock and thread CPU time per call are recorded. Usage: {@code PatternLatencyBench [--data FILE] [--iterations N]
 * [--warmup-seconds S]}.
 */
public final class PatternLatencyBench {

  private static final int PROMPT_CHARS = 1024;

  private PatternLatencyBench() {}

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    Path data = PiiDataset.defaultPath();
    int iterations = 50_000;
    int warmupSeconds = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<PiiDataset.Sample> samples = PiiDataset.load(data);
    List<String> dense = prompts(samples, false);
    List<String> clean = prompts(samples, true);
    PiiScanner pii = new PiiScanner();
    PiiScanner piiUs = new PiiScanner(PiiSettings.defaults().withPhoneRegions(List.of("US")));
    SecretScanner secrets = new SecretScanner();
    System.out.printf(Locale.ROOT, "# Pattern scanner latency, ~%d-char prompts, one thread, %d calls per row after a "
        + "%d s warm-up%n%n", PROMPT_CHARS, iterations, warmupSeconds);
    System.out.printf(Locale.ROOT, "dense: %d prompts (mean %d chars); clean: %d prompts (mean %d chars). pii: "
        + "phone regions %s; pii[US]: phone region US only.%n%n", dense.size(), mean(dense), clean.size(), mean(clean),
        PiiSettings.DEFAULT_REGIONS);
    System.out.println("wall: elapsed time per call; CPU: the calling thread's CPU time per call (unaffected by time"
        + " the thread spends descheduled on a busy machine).\n");
    System.out.println("| scanner | prompts | clock | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | mean µs |");
    System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|");
    Map<String, List<Scanner>> configurations = new LinkedHashMap<>();
    configurations.put("pii", List.of(pii));
    configurations.put("pii[US]", List.of(piiUs));
    configurations.put("secrets", List.of(secrets));
    configurations.put("pii+secrets", List.of(pii, secrets));
    for (Map.Entry<String, List<Scanner>> configuration : configurations.entrySet()) {
      warm(configuration.getValue(), dense, clean, warmupSeconds);
      row(configuration.getKey(), configuration.getValue(), "dense", dense, iterations);
      row(configuration.getKey(), configuration.getValue(), "clean", clean, iterations);
    }
    int hostileCalls = Math.max(100, iterations / 50);
    row("pii", List.of(pii), "hostile (worst case)", hostile(), hostileCalls);
    row("secrets", List.of(secrets), "hostile (worst case)", hostile(), hostileCalls);
  }

  /**
   * Kilobytes built to be hard for the scanners, not taken from any data: digits apart by spaces, two-digit groups
   * apart by dashes, a phone-shaped group repeated, zeros, "+1 (", "www.", "0x", "12:", "1.1.", "xoxb-" and "sk-"
   * repeated.
   */
  static List<String> hostile() {
    java.util.Random random = new java.util.Random(1);
    StringBuilder dashes = new StringBuilder();
    while (dashes.length() < PROMPT_CHARS) dashes.append(random.nextInt(100)).append('-');
    List<String> texts = new ArrayList<>(List.of(dashes.substring(0, PROMPT_CHARS), "0".repeat(PROMPT_CHARS)));
    for (String unit : List.of("1 ", "555 0199 ", "+1 (", "www.", "0x", "12:", "1.1.", "xoxb-", "sk-")) {
      texts.add(unit.repeat(PROMPT_CHARS / unit.length()));
    }
    return texts;
  }

  private static void warm(List<Scanner> scanners, List<String> dense, List<String> clean, int seconds) {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    int i = 0;
    while (System.nanoTime() < until) {
      for (Scanner scanner : scanners) {
        scanner.scan(dense.get(i % dense.size()));
        scanner.scan(clean.get(i % clean.size()));
      }
      i++;
    }
  }

  private static void row(String label, List<Scanner> scanners, String name, List<String> prompts, int iterations) {
    Histogram wall = new Histogram(60_000_000_000L, 3);
    Histogram cpu = new Histogram(60_000_000_000L, 3);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < iterations; i++) {
      String prompt = prompts.get(i % prompts.size());
      long cpuStarted = threads.getCurrentThreadCpuTime();
      long started = System.nanoTime();
      for (Scanner scanner : scanners) sink += scanner.scan(prompt).findings().size();
      wall.recordValue(System.nanoTime() - started);
      cpu.recordValue(Math.max(0, threads.getCurrentThreadCpuTime() - cpuStarted));
    }
    print(label, name, "wall", wall);
    print(label, name, "CPU", cpu);
    if (sink < 0) System.out.println(sink);
  }

  private static void print(String label, String prompts, String clock, Histogram histogram) {
    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", label, prompts,
        clock, micros(histogram.getValueAtPercentile(50)), micros(histogram.getValueAtPercentile(90)),
        micros(histogram.getValueAtPercentile(99)), micros(histogram.getValueAtPercentile(99.9)),
        micros(histogram.getMaxValue()), histogram.getMean() / 1000.0);
  }

  /** Consecutive sentences joined until each prompt reaches the target size. */
  static List<String> prompts(List<PiiDataset.Sample> samples, boolean withoutPii) {
    List<String> prompts = new ArrayList<>();
    StringBuilder prompt = new StringBuilder();
    for (PiiDataset.Sample sample : samples) {
      if (withoutPii && !sample.spans().isEmpty()) continue;
      if (!prompt.isEmpty()) prompt.append(' ');
      prompt.append(sample.text());
      if (prompt.length() >= PROMPT_CHARS) {
        prompts.add(prompt.substring(0, PROMPT_CHARS));
        prompt.setLength(0);
      }
    }
    return prompts;
  }

  private static int mean(List<String> prompts) {
    return (int) prompts.stream().mapToInt(String::length).average().orElse(0);
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }
}
