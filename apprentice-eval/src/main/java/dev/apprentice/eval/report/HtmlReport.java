package dev.apprentice.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML file: verdicts, a cost-versus-quality scatter with interval bars and the
 * Pareto frontier, a bar chart per metric, and the tables. Inline CSS and SVG only: no script, font or image is
 * fetched, so the file can be archived as a CI artifact and opened anywhere.
 */
public final class HtmlReport {

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1000px;color:#1f2328;padding:0 1rem}
      h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
      .meta{color:#59636e}table{border-collapse:collapse;width:100%;margin:.5rem 0}
      th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
      td.num{text-align:right;font-variant-numeric:tabular-nums}.better{color:#1a7f37}.worse{color:#cf222e}
      ul.verdicts li{margin:.25rem 0}.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0;flex:0 1 calc(50% - .5rem);min-width:320px}
      svg{width:100%;height:auto;background:#fff;border:1px solid #d0d7de}
      .axis{stroke:#59636e}.tick{font-size:11px;fill:#59636e}.axl{font-size:12px;fill:#1f2328}
      .pt{fill:#8c959f}.front{fill:#0969da}.err{stroke:#1f2328;stroke-width:1.5}.lbl{font-size:12px}
      .frontier{fill:none;stroke:#0969da;stroke-dasharray:4 3}.bar{fill:#54aeff}figcaption{color:#59636e;font-size:12px}
      """;

  private HtmlReport() {}

  public static String render(RunReport r) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evaluation ")
        .append(Html.escape(r.runId())).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
    h.append("<h1>Evaluation ").append(Html.escape(r.suite())).append("</h1>\n<p class=\"meta\">run ")
        .append(Html.escape(r.runId())).append(" · ").append(Html.escape(r.status())).append(" · ").append(r.items())
        .append(" items · started ").append(Html.escape(r.startedAt())).append(" · baseline <b>")
        .append(Html.escape(r.baseline())).append("</b> · ")
        .append(Html.escape(Format.intervalMethods(r.resamples(), r.seed()))).append("</p>\n");
    h.append("<h2>Verdicts</h2>\n<ul class=\"verdicts\">\n");
    for (VariantResult v : r.variants()) {
      h.append("<li><b>").append(Html.escape(v.name())).append("</b> (").append(Html.escape(v.model())).append("): ")
          .append(Html.escape(v.verdict())).append(v.onFrontier() ? " · on the Pareto frontier" : "").append("</li>\n");
    }
    h.append("</ul>\n<h2>Quality and cost</h2>\n<div class=\"charts\">\n");
    charts(r, h);
    h.append("</div>\n<h2>Variants</h2>\n");
    variantTable(r, h);
    comparisonTable(r, h);
    return h.append("</body></html>\n").toString();
  }

  private static void charts(RunReport r, StringBuilder h) {
    boolean quality = r.variants().stream().anyMatch(v -> v.quality() != null);
    RunReport.MetricInfo headline = r.metrics().stream()
        .max(java.util.Comparator.comparingDouble(RunReport.MetricInfo::weight)).orElseThrow();
    List<SvgCharts.Point> scatter = new ArrayList<>();
    for (VariantResult v : r.variants()) {
      MetricResult y = quality ? v.quality() : v.metrics().get(headline.name());
      double cost = v.costUsdPer1kRequests();
      scatter.add(y == null ? new SvgCharts.Point(v.name(), cost, Double.NaN, Double.NaN, Double.NaN, false)
          : new SvgCharts.Point(v.name(), cost, y.mean(), y.low(), y.high(), v.onFrontier()));
    }
    String yLabel = quality ? "overall quality (weighted, 0-1)" : headline.name();
    h.append("<figure>").append(SvgCharts.scatter(scatter, yLabel, quality ? 1 : yMax(headline, r)))
        .append("<figcaption>Cost versus quality with 95% intervals; blue: the Pareto frontier.</figcaption></figure>\n");
    for (RunReport.MetricInfo m : r.metrics()) {
      List<SvgCharts.Point> bars = new ArrayList<>();
      for (VariantResult v : r.variants()) {
        MetricResult mr = v.metrics().get(m.name());
        bars.add(mr == null ? new SvgCharts.Point(v.name(), 0, Double.NaN, Double.NaN, Double.NaN, false)
            : new SvgCharts.Point(v.name(), 0, mr.mean(), mr.low(), mr.high(), false));
      }
      h.append("<figure>").append(SvgCharts.bars(m.name(), bars, yMax(m, r))).append("<figcaption>")
          .append(Html.escape(m.name())).append(m.higherIsBetter() ? " (higher is better)" : " (lower is better)")
          .append(", 95% intervals.</figcaption></figure>\n");
    }
  }

  private static double yMax(RunReport.MetricInfo m, RunReport r) {
    double top = m.scale();
    for (VariantResult v : r.variants()) {
      MetricResult mr = v.metrics().get(m.name());
      if (mr != null && !Double.isNaN(mr.high())) top = Math.max(top, mr.high());
    }
    return top;
  }

  private static void variantTable(RunReport r, StringBuilder h) {
    h.append("<table><tr><th>variant</th><th>model</th>");
    for (RunReport.MetricInfo m : r.metrics()) h.append("<th>").append(Html.escape(m.name())).append("</th>");
    h.append("<th>quality</th><th>cost / 1k req</th><th>total cost</th><th>judge cost</th>"
        + "<th>latency p50 / p95 ms</th><th>tokens in / out</th><th>items</th><th>errors</th><th>refused (limits)</th></tr>\n");
    for (VariantResult v : r.variants()) {
      h.append("<tr><td>").append(Html.escape(v.name())).append(v.onFrontier() ? " ★" : "").append("</td><td>")
          .append(Html.escape(v.model())).append("</td>");
      for (RunReport.MetricInfo m : r.metrics()) {
        MetricResult mr = v.metrics().get(m.name());
        h.append("<td class=\"num\">").append(Format.withInterval(mr, m.scale()));
        if (mr != null && mr.passRate() != null) h.append("<br>pass ").append(Format.percent(mr.passRate()));
        if (mr != null && mr.unscored() > 0) h.append("<br>").append(mr.unscored()).append(" unscored");
        String judge = Format.judgeCounts(mr);
        if (judge != null) h.append("<br>").append(Html.escape(judge));
        h.append("</td>");
      }
      h.append("<td class=\"num\">").append(Format.withInterval(v.quality(), 1)).append("</td><td class=\"num\">")
          .append(Format.usd(v.costUsdPer1kRequests())).append("</td><td class=\"num\">")
          .append(Format.usd(v.costUsd()))
          .append("</td><td class=\"num\">").append(Format.usd(v.judgeCostUsd())).append("</td><td class=\"num\">")
          .append(Format.millis(v.latencyP50Ms())).append(" / ").append(Format.millis(v.latencyP95Ms()))
          .append("</td><td class=\"num\">").append(v.inputTokens()).append(" / ").append(v.outputTokens())
          .append("</td><td class=\"num\">").append(v.items()).append("</td><td class=\"num\">").append(v.errors())
          .append("</td><td class=\"num\">").append(v.refusedByLimits()).append("</td></tr>\n");
    }
    h.append("</table>\n<p class=\"meta\">★ on the quality-versus-cost Pareto frontier. ")
        .append(Html.escape(Format.COLUMNS)).append("</p>\n");
  }

  private static void comparisonTable(RunReport r, StringBuilder h) {
    if (r.variants().stream().allMatch(v -> v.vsBaseline().isEmpty())) return;
    h.append("<h2>Against the baseline (").append(Html.escape(r.baseline())).append(")</h2>\n<table><tr><th>variant"
        + "</th><th>metric</th><th>change</th><th>95% CI</th><th>p (paired randomization)</th><th>wins / ties / losses"
        + "</th><th>pairs</th></tr>\n");
    for (VariantResult v : r.variants()) {
      for (Map.Entry<String, Comparison> e : v.vsBaseline().entrySet()) {
        Comparison c = e.getValue();
        double scale = r.metrics().stream().filter(m -> m.name().equals(e.getKey())).findFirst()
            .map(RunReport.MetricInfo::scale).orElse(1.0);
        String css = c.better() ? " class=\"num better\"" : c.worse() ? " class=\"num worse\"" : " class=\"num\"";
        h.append("<tr><td>").append(Html.escape(v.name())).append("</td><td>").append(Html.escape(e.getKey()))
            .append("</td><td").append(css).append('>').append(Format.change(c, scale))
            .append("</td><td class=\"num\">").append(Format.interval(c.low(), c.high(), scale)).append("</td><td class=\"num\">")
            .append(Format.p(c)).append("</td><td class=\"num\">")
            .append(c.wins()).append(" / ").append(c.ties()).append(" / ").append(c.losses())
            .append("</td><td class=\"num\">").append(c.pairs()).append("</td></tr>\n");
      }
    }
    h.append("</table>\n");
  }
}
