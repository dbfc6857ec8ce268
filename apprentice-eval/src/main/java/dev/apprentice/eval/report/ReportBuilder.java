package dev.apprentice.eval.report;

import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.stats.Bootstrap;
import dev.apprentice.eval.stats.Pareto;
import dev.apprentice.eval.stats.Percentiles;
import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes a run's report from its stored items: per variant and metric the corpus value with a 95% interval
 * ({@link Intervals}: Wilson's for pass/fail metrics, Student's t for other means and for the quality of items every
 * weighted metric scored, else a percentile bootstrap) and
 * the pass rate; the cost of 1,000 successful requests in USD; latency p50/p95; the weighted overall quality; the paired comparison of
 * every variant with the baseline; the Pareto frontier; and a verdict. Deterministic for a seed.
 */
public final class ReportBuilder {

  private ReportBuilder() {}

  /** @param metrics the suite's metrics by name ({@link dev.apprentice.eval.run.RunMetrics#of}) */
  public static RunReport build(RunRecord run, Suite suite, Map<String, Metric> metrics, List<ItemResult> results) {
    Bootstrap bootstrap = new Bootstrap(suite.seed(), suite.resamples());
    Map<String, VariantItems> byVariant = VariantItems.byVariant(results);
    VariantItems baseline = byVariant.get(suite.baseline());
    List<Partial> partials = new ArrayList<>();
    for (VariantSpec v : suite.variants()) {
      VariantItems items = byVariant.getOrDefault(v.name(), new VariantItems(List.of()));
      partials.add(partial(v, items, suite, metrics, bootstrap, v.name().equals(suite.baseline()) ? null : baseline));
    }
    List<Pareto.Point> points = partials.stream()
        .map(p -> new Pareto.Point(p.name(), p.costUsdPer1kRequests(), p.quality() == null ? Double.NaN : p.quality().mean()))
        .toList();
    Set<String> frontier = new HashSet<>(Pareto.frontier(points));
    Partial base = partials.stream().filter(p -> p.name().equals(suite.baseline())).findFirst().orElse(null);
    List<VariantResult> variants = new ArrayList<>();
    for (Partial p : partials) {
      double baseCost = base == null ? 0 : base.costUsdPer1kRequests();
      String verdict = Verdicts.of(suite, p.name(), p.vsBaseline(), p.costUsdPer1kRequests(), baseCost,
          p.items().succeeded.isEmpty());
      VariantResult r = p.result(frontier.contains(p.name()), verdict);
      variants.add(r);
    }
    List<RunReport.MetricInfo> infos = suite.metrics().stream().map(m -> new RunReport.MetricInfo(m.name(), m.metric(),
        m.threshold(), m.weight(), m.higherIsBetter(), m.scale())).toList();
    Set<Integer> indices = new HashSet<>();
    for (ItemResult r : results) indices.add(r.itemIndex());
    return new RunReport(run.id(), run.suiteName(), run.status().label(), run.startedAt().toString(),
        run.endedAt() == null ? null : run.endedAt().toString(), suite.baseline(), infos, variants, indices.size(),
        suite.seed(), suite.resamples());
  }

  private static Partial partial(VariantSpec v, VariantItems items, Suite suite, Map<String, Metric> metrics,
      Bootstrap bootstrap, VariantItems baseline) {
    Map<String, MetricResult> results = new LinkedHashMap<>();
    Map<String, MetricColumn> columns = new LinkedHashMap<>();
    Map<String, Comparison> comparisons = new LinkedHashMap<>();
    int n = items.succeeded.size();
    for (MetricSpec spec : suite.metrics()) {
      Metric metric = metrics.get(spec.name());
      List<Measurement> measured = items.list(spec.name());
      MetricColumn column = new MetricColumn(metric, measured);
      columns.put(spec.name(), column);
      Intervals.Chosen ci = Intervals.ofMetric(column, spec.scale(), bootstrap);
      Double passRate = passRate(spec, column, items.failed());
      results.put(spec.name(), new MetricResult(column.corpus(), ci.low(), ci.high(), passRate, column.scored(),
          n - column.scored(), count(measured, "failed"), count(measured, "unparsed"), ci.method()));
      if (baseline != null) {
        Comparison c = Comparisons.compare(metric, spec.higherIsBetter(), spec.scale(),
            items.measurements(spec.name()), baseline.measurements(spec.name()), bootstrap);
        if (c != null) comparisons.put(spec.name(), c);
      }
    }
    MetricResult quality = quality(suite, columns, results, n, bootstrap);
    double cost = 0;
    double judge = 0;
    long in = 0;
    long out = 0;
    double[] latencies = new double[n];
    for (ItemResult r : items.all) {
      cost += r.costUsd();
      judge += r.judgeCostUsd();
      in += r.inputTokens();
      out += r.outputTokens();
    }
    double successCost = 0;
    for (int i = 0; i < n; i++) {
      latencies[i] = items.succeeded.get(i).latencyMs();
      successCost += items.succeeded.get(i).costUsd();
    }
    double per1k = n == 0 ? 0 : successCost / n * 1000;
    return new Partial(v, items, results, quality, cost, judge, per1k, Percentiles.of(latencies, 50),
        Percentiles.of(latencies, 95), in, out, comparisons);
  }

  /** A count that an LLM judge keeps per item (statistics {@code failed}, {@code unparsed}), over the items. */
  private static int count(List<Measurement> measured, String statistic) {
    double sum = 0;
    for (Measurement m : measured) sum += m.statistics().getOrDefault(statistic, 0.0);
    return (int) Math.round(sum);
  }

  /**
   * The share of the scored and the failed items that pass the threshold: an item whose call failed did not pass (a
   * variant whose calls mostly fail must not show the pass rate of the few that worked); an item the metric cannot
   * score (no reference) is left out, and so is one the gateway refused for a budget or rate limit (not run: no
   * answer of the model's to judge). Null without a threshold or when no item was scored.
   */
  private static Double passRate(MetricSpec spec, MetricColumn column, int failed) {
    if (spec.threshold() == null || column.scored() == 0) return null;
    int pass = 0;
    for (int i = 0; i < column.size(); i++) {
      double v = column.value(i);
      if (!Double.isNaN(v) && spec.passes(v)) pass++;
    }
    return pass / (double) (column.scored() + failed);
  }

  /**
   * The weighted mean of the metrics' normalised corpus values, and its interval; null when a weighted metric has no
   * value (it scored no item of the variant): the mean of the other metrics alone would be another measure than the
   * other variants', and could put the variant on the frontier over them. With one weighted metric the interval is
   * that metric's, normalised; with several that scored every item, none an aggregate, it is the interval of the mean
   * of the items' qualities ({@link Intervals#ofQuality}); otherwise it is the bootstrap's — a resample in which a
   * weighted metric has no
   * value is left out of it, as a resample without a scored item is for a metric — and when every resample gives one
   * value, the Wilson interval of the quality as a share of the fewest items a weighted metric scored
   * ({@link Intervals}).
   */
  private static MetricResult quality(Suite suite, Map<String, MetricColumn> columns,
      Map<String, MetricResult> results, int n, Bootstrap bootstrap) {
    List<MetricSpec> weighted = suite.metrics().stream().filter(m -> m.weight() > 0).toList();
    if (weighted.isEmpty() || n == 0) return null;
    java.util.function.ToDoubleFunction<int[]> statistic = idx -> {
      double sum = 0;
      double weights = 0;
      for (MetricSpec spec : weighted) {
        double v = columns.get(spec.name()).corpus(idx);
        if (Double.isNaN(v)) return Double.NaN;
        double normal = v / spec.scale();
        sum += spec.weight() * (spec.higherIsBetter() ? normal : 1 - normal);
        weights += spec.weight();
      }
      return sum / weights;
    };
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    double value = statistic.applyAsDouble(all);
    if (Double.isNaN(value)) return null;
    Intervals.Chosen ci;
    if (weighted.size() == 1) {
      MetricSpec only = weighted.getFirst();
      MetricResult r = results.get(only.name());
      ci = new Intervals.Chosen(r.low(), r.high(), r.interval()).normalised(only.scale(), only.higherIsBetter());
    } else if (perItem(weighted, columns, n) instanceof double[] perItem) {
      ci = Intervals.ofQuality(perItem);
    } else {
      ci = Intervals.Chosen.of(bootstrap.interval(n, statistic), Intervals.BOOTSTRAP);
      if (ci.method().equals(Intervals.NONE)) {
        int fewest = n;
        boolean inRange = true;
        for (MetricSpec spec : weighted) {
          fewest = Math.min(fewest, columns.get(spec.name()).scored());
          inRange &= Intervals.inRange(columns.get(spec.name()), spec.scale());
        }
        ci = Intervals.ofCollapsedQuality(value, fewest, inRange);
      }
    }
    return new MetricResult(value, ci.low(), ci.high(), null, n, 0, 0, 0, ci.method());
  }

  /**
   * Each item's quality, the weighted mean of its normalised values, when every weighted metric scored every item and
   * none is an aggregate: then the overall quality is the mean of these; else null.
   */
  private static double[] perItem(List<MetricSpec> weighted, Map<String, MetricColumn> columns, int n) {
    double[] sums = new double[n];
    double weights = 0;
    for (MetricSpec spec : weighted) {
      MetricColumn column = columns.get(spec.name());
      if (column.aggregate() || column.size() != n) return null;
      for (int i = 0; i < n; i++) {
        double v = column.value(i);
        if (Double.isNaN(v)) return null;
        double normal = v / spec.scale();
        sums[i] += spec.weight() * (spec.higherIsBetter() ? normal : 1 - normal);
      }
      weights += spec.weight();
    }
    for (int i = 0; i < n; i++) sums[i] /= weights;
    return sums;
  }

  private record Partial(VariantSpec spec, VariantItems items, Map<String, MetricResult> metrics, MetricResult quality,
      double cost, double judge, double costUsdPer1kRequests, double p50, double p95, long in, long out,
      Map<String, Comparison> vsBaseline) {

    String name() {
      return spec.name();
    }

    VariantResult result(boolean onFrontier, String verdict) {
      return new VariantResult(spec.name(), spec.model(), items.all.size(), items.failed(), items.refusedByLimits,
          metrics, quality, cost, judge, costUsdPer1kRequests, p50, p95, in, out, vsBaseline, onFrontier, verdict);
    }
  }
}
