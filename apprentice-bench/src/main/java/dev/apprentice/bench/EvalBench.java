package dev.apprentice.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.eval.dataset.DatasetSources;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.report.HtmlReport;
import dev.apprentice.eval.report.ReportBuilder;
import dev.apprentice.eval.report.RunReport;
import dev.apprentice.eval.run.EvalRunner;
import dev.apprentice.eval.run.PromptRenderer;
import dev.apprentice.eval.run.Progress;
import dev.apprentice.eval.run.RunControl;
import dev.apprentice.eval.run.RunMetrics;
import dev.apprentice.eval.run.RunOutcome;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import dev.apprentice.eval.suite.VariantSpec;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import dev.apprentice.server.eval.GatewayChatClient;
import dev.apprentice.server.eval.JdbcRunStore;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The evaluation engine's own cost: a suite of {@code items} Banking77 items x 3 simulator variants at concurrency 32
 * through the in-process gateway (zero-latency simulator, SQLite store, every call traced and costed), against the
 * same calls made straight through the gateway without the engine. With a zero-latency upstream the whole wall time
 * is Apprentice's; the difference between the two runs is the engine's (prompt rendering, metrics, storing each item,
 * the pilot). Also times the report (every variant's and metric's interval, the paired tests against the baseline,
 * the HTML) and the gateway's own overhead per call from the traces. Prints a Markdown table.
 *
 * <p>Usage: {@code EvalBench test.csv [items] [concurrency]} (defaults 1000, 32).
 */
public final class EvalBench {

  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      models:
        sim-a: { targets: [ { provider: sim, model: sim-echo } ], price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }
        sim-b: { targets: [ { provider: sim, model: sim-echo } ], price: { input_per_mtok: 2.50, output_per_mtok: 10 } }
        sim-c: { targets: [ { provider: sim, model: sim-echo } ], price: { input_per_mtok: 5, output_per_mtok: 15 } }
      """;

  private static final String SUITE = """
      name: eval-bench
      dataset: { path: %s, format: csv, columns: { input: text, label: category }, limit: %d }
      variants:
        - { name: a, model: sim-a, prompt: "{{input}}" }
        - { name: b, model: sim-b, system: "Answer with the intent only.", prompt: "Intent of: {{input}}" }
        - { name: c, model: sim-c, prompt: "{{category}}" }
      metrics:
        - { name: accuracy, threshold: 1 }
        - { name: macro_f1, weight: 0 }
        - { name: mentions_card, metric: contains, settings: { value: card }, weight: 0 }
      concurrency: %d
      seed: 42
      """;

  private EvalBench() {}

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/banking77/test.csv").toAbsolutePath();
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path dir = Files.createTempDirectory("eval-bench");
    ApprenticeConfig config = ConfigLoader.parse(CONFIG, Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(dir.toString());
    String text = SUITE.formatted(data, count, concurrency);
    Suite suite = SuiteParser.parse(text);
    List<EvalItem> items = DatasetSources.load(suite.dataset(), null, null, suite.seed());
    int calls = items.size() * suite.variants().size();
    Timing raw;
    Timing eval;
    Timing report;
    RunReport built;
    try (ApprenticeServer server = ApprenticeServer.start(config)) {
      GatewayChatClient client = new GatewayChatClient(server.gateway());
      JdbcRunStore store = new JdbcRunStore(server.store().evaluations());
      EvalRunner runner = new EvalRunner(client, store, EvalMetrics.registry(null, client), Clock.systemUTC());
      RunOutcome warm = runner.run(suite, text, items.subList(0, Math.min(200, items.size())), null, Progress.NONE,
          new RunControl());
      ReportBuilder.build(warm.run(), suite, RunMetrics.of(suite, EvalMetrics.registry(null, null)),
          store.items(warm.run().id())); // warm-up of the statistics
      rawCalls(client, suite, items, concurrency); // warm-up of the plain path too
      raw = Timing.of(() -> rawCalls(client, suite, items, concurrency));
      RunOutcome[] outcome = new RunOutcome[1];
      eval = Timing.of(() -> outcome[0] = runner.run(suite, text, items, null, Progress.NONE, new RunControl()));
      var stored = store.items(outcome[0].run().id());
      RunReport[] r = new RunReport[1];
      report = Timing.of(() -> {
        r[0] = ReportBuilder.build(outcome[0].run(), suite, RunMetrics.of(suite, EvalMetrics.registry(null, null)), stored);
        HtmlReport.render(r[0]);
      });
      built = r[0];
    }
    double[] overhead;
    try (Store store = Store.open(config.store().url())) {
      overhead = store.traces().list(new TraceQuery(TraceQuery.MAX_LIMIT, "sim-b", null, null, null, null)).stream()
          .mapToDouble(TraceRecord::overheadMs).sorted().toArray();
    }
    print(count, concurrency, calls, raw, eval, report, overhead, built);
  }

  /** The same requests straight through the gateway, {@code concurrency} at a time, without the engine. */
  private static void rawCalls(GatewayChatClient client, Suite suite, List<EvalItem> items, int concurrency) {
    Semaphore permits = new Semaphore(concurrency);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (EvalItem item : items) {
        for (VariantSpec v : suite.variants()) {
          ChatRequest request = PromptRenderer.request(v, item);
          permits.acquireUninterruptibly();
          threads.submit(() -> {
            try {
              client.complete(request, List.of("bench", v.name()));
            } finally {
              permits.release();
            }
          });
        }
      }
    }
  }

  private static void print(int count, int concurrency, int calls, Timing raw, Timing eval, Timing report,
      double[] overhead, RunReport built) {
    System.out.printf(Locale.ROOT, "Evaluation run: %,d Banking77 items x 3 simulator variants = %,d item calls, "
        + "concurrency %d, zero-latency simulator, in-process gateway, SQLite store; %d cores, Java %s%n%n", count,
        calls, concurrency, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    System.out.println("| phase | wall time | item calls/s | process CPU time |");
    System.out.println("|---|---:|---:|---:|");
    row("calls straight through the gateway (no engine)", raw, calls);
    row("`eval run` (engine + gateway + store)", eval, calls);
    System.out.printf(Locale.ROOT, "| report of 3 variants x 3 metrics: intervals (Wilson, Tango; bootstrap of "
        + "macro-F1), paired randomization tests (%d resamples), HTML | %.3f s | – | %.3f s |%n", built.resamples(),
        report.wallSeconds(), report.cpuSeconds());
    double engineWallMs = (eval.wallSeconds() - raw.wallSeconds()) * 1000 / calls;
    double engineCpuMs = (eval.cpuSeconds() - raw.cpuSeconds()) * 1000 / calls;
    System.out.printf(Locale.ROOT, "%nTime in Apprentice itself: with a zero-latency upstream all %.2f s of the run "
        + "are Apprentice's (%.3f ms wall, %.3f ms CPU per item call). The engine's share over the plain gateway "
        + "calls: %+.3f ms wall and %+.3f ms CPU per item call. Gateway overhead per call (traces): p50 %.3f ms, p95 "
        + "%.3f ms.%n", eval.wallSeconds(), eval.wallSeconds() * 1000 / calls, eval.cpuSeconds() * 1000 / calls,
        engineWallMs, engineCpuMs, percentile(overhead, 50), percentile(overhead, 95));
    System.out.printf(Locale.ROOT, "Accuracy: %s%n", String.join(", ", built.variants().stream().map(v ->
        String.format(Locale.ROOT, "%s %.3f", v.name(), v.metrics().get("accuracy").mean())).toList()));
  }

  private static void row(String phase, Timing t, int calls) {
    System.out.printf(Locale.ROOT, "| %s | %.3f s | %,.0f | %.3f s |%n", phase, t.wallSeconds(),
        calls / t.wallSeconds(), t.cpuSeconds());
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q / 100 * (sorted.length - 1)))];
  }

  /** Wall and whole-process CPU time of one phase. */
  private record Timing(double wallSeconds, double cpuSeconds) {
    static Timing of(Runnable phase) {
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      phase.run();
      return new Timing((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
    }
  }
}
