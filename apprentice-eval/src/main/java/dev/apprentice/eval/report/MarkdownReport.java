package dev.apprentice.eval.report;

import java.util.Map;

/**
 * The report as a Markdown summary for CI logs and pull requests: the variants table as the HTML report has it (what
 * 1,000 successful requests cost, what the variant's calls cost in all and what judging them cost, its failed items
 * and those the gateway refused for a budget or rate limit), comparisons and verdicts.
 */
public final class MarkdownReport {

  private MarkdownReport() {}

  public static String render(RunReport r) {
    StringBuilder md = new StringBuilder();
    md.append("## Evaluation ").append(r.runId()).append(" — ").append(r.suite()).append(" (").append(r.status())
        .append(")\n\n");
    md.append(r.items()).append(" items · baseline **").append(r.baseline()).append("** · ")
        .append(Format.intervalMethods(r.resamples(), r.seed())).append("\n\n");
    md.append("| variant | model |");
    for (RunReport.MetricInfo m : r.metrics()) md.append(' ').append(cell(m.name())).append(" |");
    md.append(" quality | cost / 1k req | total cost | judge cost | latency p50 / p95 ms | errors | refused (limits) |\n|---|---|");
    md.append("---|".repeat(r.metrics().size())).append("---|---|---|---|---|---|---|\n");
    for (VariantResult v : r.variants()) {
      md.append("| ").append(cell(v.name())).append(v.onFrontier() ? " ★" : "").append(" | ").append(cell(v.model())).append(" |");
      for (RunReport.MetricInfo m : r.metrics()) {
        MetricResult mr = v.metrics().get(m.name());
        md.append(' ').append(Format.withInterval(mr, m.scale()));
        if (mr != null && mr.passRate() != null) md.append(" (pass ").append(Format.percent(mr.passRate())).append(')');
        String judge = Format.judgeCounts(mr);
        if (judge != null) md.append(" (").append(judge).append(')');
        md.append(" |");
      }
      md.append(' ').append(Format.withInterval(v.quality(), 1)).append(" | ")
          .append(Format.usd(v.costUsdPer1kRequests()))
          .append(" | ").append(Format.usd(v.costUsd())).append(" | ").append(Format.usd(v.judgeCostUsd()))
          .append(" | ").append(Format.millis(v.latencyP50Ms())).append(" / ").append(Format.millis(v.latencyP95Ms()))
          .append(" | ").append(v.errors()).append(" | ").append(v.refusedByLimits()).append(" |\n");
    }
    md.append("\n★ on the quality-versus-cost Pareto frontier. ").append(Format.COLUMNS).append('\n');
    comparisons(r, md);
    md.append("\n### Verdicts\n\n");
    for (VariantResult v : r.variants()) md.append("- **").append(v.name()).append("**: ").append(v.verdict()).append('\n');
    return md.toString();
  }

  private static void comparisons(RunReport r, StringBuilder md) {
    if (r.variants().stream().allMatch(v -> v.vsBaseline().isEmpty())) return;
    md.append("\n### Against the baseline (").append(r.baseline()).append(")\n\n");
    md.append("| variant | metric | change | 95% CI | p | wins / ties / losses |\n|---|---|---|---|---|---|\n");
    for (VariantResult v : r.variants()) {
      for (Map.Entry<String, Comparison> e : v.vsBaseline().entrySet()) {
        Comparison c = e.getValue();
        double scale = r.metrics().stream().filter(m -> m.name().equals(e.getKey())).findFirst()
            .map(RunReport.MetricInfo::scale).orElse(1.0);
        md.append("| ").append(cell(v.name())).append(" | ").append(cell(e.getKey())).append(" | ").append(Format.change(c, scale))
            .append(c.better() ? " ▲" : c.worse() ? " ▼" : "").append(" | ")
            .append(Format.interval(c.low(), c.high(), scale)).append(" | ").append(Format.p(c))
            .append(" | ").append(c.wins()).append(" / ").append(c.ties()).append(" / ").append(c.losses())
            .append(" |\n");
      }
    }
  }

  /** A name in a table cell: a '|' in it (a variant or metric name may hold one) would end the cell there. */
  private static String cell(String name) {
    return name.replace("|", "\\|");
  }
}
