package dev.apprentice.cli.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link BenchReport} as Markdown tables: latency and overhead per mode and rate, saturation, memory, goals. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(BenchReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Gateway overhead benchmark\n\n")
                .append(String.format(Locale.ROOT,
                        "Model `%s`; warm-up %d ms, measured %d ms per run; overhead = target percentile minus `%s` at the same"
                                + " rate; latencies in ms from the intended start (open loop).%n%n",
                        report.model(), report.settings().warmup().toMillis(), report.settings().duration().toMillis(),
                        report.baseline()));
        for (String mode : report.modes()) {
            openLoop(md, report, mode);
        }
        inGateway(md, report);
        saturation(md, report);
        memory(md, report);
        goals(md, report.goals());
        errorSamples(md, report);
        return md.toString();
    }

    private static void openLoop(StringBuilder md, BenchReport report, String mode) {
        if (report.rates(mode).isEmpty()) {
            return;
        }
        boolean stream = mode.equals("stream");
        md.append("## Open loop, ").append(mode).append("\n\n")
                .append("| rate | target | p50 | p90 | p99 | max |").append(stream ? " ttfb p50 | ttfb p99 |" : "")
                .append(" overhead p50 | overhead p99 | errors | achieved RPS | CPU µs/req |\n")
                .append("|---:|---|---:|---:|---:|---:|").append(stream ? "---:|---:|" : "").append("---:|---:|---|---:|---:|\n");
        for (int rate : report.rates(mode)) {
            for (RunResult run : report.openRuns(mode, rate)) {
                Latency l = run.latency();
                md.append("| ").append(rate).append(" | ").append(run.target()).append(" | ")
                        .append(ms(l, l.p50())).append(" | ").append(ms(l, l.p90())).append(" | ").append(ms(l, l.p99()))
                        .append(" | ").append(ms(l, l.max())).append(" | ");
                if (stream) {
                    Latency f = run.firstByte();
                    md.append(ms(f, f.p50())).append(" | ").append(ms(f, f.p99())).append(" | ");
                }
                md.append(report.overhead(run).map(o -> Units.signedMillis(o.p50()) + " | " + Units.signedMillis(o.p99()))
                                .orElse("– | –"))
                        .append(" | ").append(errors(run)).append(" | ").append(Units.rate(run.achievedRps()))
                        .append(" | ").append(cpu(run)).append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void inGateway(StringBuilder md, BenchReport report) {
        if (report.inGateway().isEmpty()) {
            return;
        }
        md.append("## In-gateway overhead (the gateway's own `apprentice_gateway_overhead_seconds`, same runs)\n\n")
                .append("Time from the handler's start to the moment the answer (or a stream's first chunk) is ready, less the"
                        + " upstream's time, as the gateway measures it; *whole call* (non-streamed calls,"
                        + " `apprentice_gateway_answered_overhead_seconds`) also counts building the trace and writing the"
                        + " answer. Percentiles are bucket bounds; the calls include each run's warm-up.\n\n")
                .append("| mode | rate | target | calls | p50 ≤ (ms) | p99 ≤ (ms) | over 1 ms | whole call p99 ≤ (ms) |\n")
                .append("|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (InGatewayOverhead own : report.inGateway()) {
            md.append("| ").append(own.mode()).append(" | ").append(own.rate()).append(" | ").append(own.target()).append(" | ")
                    .append(own.calls()).append(" | ").append(bound(own.p50UpperSeconds())).append(" | ")
                    .append(bound(own.p99UpperSeconds())).append(" | ")
                    .append(Double.isNaN(own.shareOverOneMillisecond()) ? "–"
                            : String.format(Locale.ROOT, "%.2f%%", own.shareOverOneMillisecond() * 100)).append(" | ")
                    .append(bound(own.answeredP99UpperSeconds())).append(" |\n");
        }
        md.append('\n');
    }

    private static String bound(double seconds) {
        if (Double.isNaN(seconds)) {
            return "–";
        }
        return Double.isInfinite(seconds) ? "> largest bucket" : String.format(Locale.ROOT, "%.3f", seconds * 1000);
    }

    private static void saturation(StringBuilder md, BenchReport report) {
        List<RunResult> all = report.runs().stream().filter(run -> run.load().equals("closed")).toList();
        if (all.isEmpty()) {
            return;
        }
        md.append("## Saturation (closed loop, ").append(report.concurrency()).append(" workers)\n\n")
                .append("| mode | target | max RPS | p50 | p99 | errors | CPU µs/req |\n")
                .append("|---|---|---:|---:|---:|---|---:|\n");
        for (RunResult run : all) {
            Latency l = run.latency();
            md.append("| ").append(run.mode()).append(" | ").append(run.target()).append(" | ")
                    .append(Units.rate(run.achievedRps())).append(" | ").append(ms(l, l.p50())).append(" | ")
                    .append(ms(l, l.p99())).append(" | ").append(errors(run)).append(" | ").append(cpu(run)).append(" |\n");
        }
        md.append('\n');
        for (String mode : report.modes()) {
            report.saturationRatio(mode).ifPresent(ratio -> md.append("Max RPS ").append(report.subject()).append('/')
                    .append(report.peer()).append(" (").append(mode).append("): **").append(Units.ratio(ratio)).append("**\n"));
        }
        md.append('\n');
    }

    private static void memory(StringBuilder md, BenchReport report) {
        if (report.memory().isEmpty()) {
            return;
        }
        md.append("## Memory\n\n| process | pid | peak RSS during the run (MB) | VmHWM (MB) |\n|---|---:|---:|---:|\n");
        for (MemoryPeak peak : report.memory()) {
            md.append("| ").append(peak.name()).append(" | ").append(peak.pid()).append(" | ")
                    .append(peak.sampled() ? Units.mebibytes(peak.peakRssKib()) : "not readable").append(" | ")
                    .append(peak.hwmKib() > 0 ? Units.mebibytes(peak.hwmKib()) : "–").append(" |\n");
        }
        md.append('\n');
    }

    private static void goals(StringBuilder md, List<Goal> goals) {
        if (goals.isEmpty()) {
            return;
        }
        md.append("## Goals\n\n| goal | measured | met |\n|---|---:|---|\n");
        goals.forEach(goal -> md.append("| ").append(goal.goal()).append(" | ").append(goal.value()).append(" | ")
                .append(goal.met() ? "yes" : "**no**").append(" |\n"));
        md.append('\n');
    }

    private static void errorSamples(StringBuilder md, BenchReport report) {
        List<RunResult> failed = report.runs().stream().filter(run -> run.firstError() != null).toList();
        if (failed.isEmpty()) {
            return;
        }
        md.append("## First error of each run with errors\n\n");
        failed.forEach(run -> md.append("- ").append(run.target()).append(", ").append(run.mode()).append(", ")
                .append(run.load().equals("open") ? run.level() + " RPS" : run.level() + " workers").append(": ")
                .append(run.firstError().replace('|', '/')).append('\n'));
        md.append('\n');
    }

    private static String ms(Latency latency, long micros) {
        return latency.isEmpty() ? "–" : Units.millis(micros);
    }

    private static String cpu(RunResult run) {
        return Double.isNaN(run.cpuMicrosPerRequest()) ? "–" : String.format(Locale.ROOT, "%.0f", run.cpuMicrosPerRequest());
    }

    /** {@code 0}, or the total with its kinds and statuses, e.g. {@code 12 (dropped 10, status 2: 502×2)}. */
    static String errors(RunResult run) {
        if (run.errorCount() == 0) {
            return "0";
        }
        String kinds = run.errors().entrySet().stream()
                .map(e -> e.getKey().label() + " " + e.getValue()
                        + (e.getKey() == ErrorKind.STATUS ? ": " + statuses(run.statuses()) : ""))
                .collect(Collectors.joining(", "));
        return run.errorCount() + " (" + kinds + ")";
    }

    private static String statuses(Map<Integer, Long> statuses) {
        return statuses.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(" "));
    }
}
