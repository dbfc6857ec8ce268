package dev.apprentice.cli.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchReport} as JSON (latencies in microseconds, memory in KiB) for scripts and later comparison. */
final class JsonReport {

    private final StringBuilder json = new StringBuilder(4096);

    private JsonReport() {
    }

    static String render(BenchReport report) {
        JsonReport out = new JsonReport();
        out.report(report);
        return out.json.append('\n').toString();
    }

    private void report(BenchReport report) {
        json.append("{\n  \"model\": ").append(string(report.model()))
                .append(",\n  \"warmup_ms\": ").append(report.settings().warmup().toMillis())
                .append(",\n  \"duration_ms\": ").append(report.settings().duration().toMillis())
                .append(",\n  \"timeout_ms\": ").append(report.settings().timeout().toMillis())
                .append(",\n  \"max_in_flight\": ").append(report.settings().maxInFlight())
                .append(",\n  \"concurrency\": ").append(report.concurrency())
                .append(",\n  \"baseline\": ").append(string(report.baseline()))
                .append(",\n  \"subject\": ").append(string(report.subject()))
                .append(",\n  \"peer\": ").append(string(report.peer()))
                .append(",\n  \"runs\": [");
        List<RunResult> runs = report.runs();
        for (int i = 0; i < runs.size(); i++) {
            json.append(i == 0 ? "\n    " : ",\n    ");
            run(report, runs.get(i));
        }
        json.append("\n  ],\n  \"saturation_ratio\": {");
        String separator = "";
        for (String mode : report.modes()) {
            if (report.saturationRatio(mode).isPresent()) {
                json.append(separator).append(string(mode)).append(": ").append(number(report.saturationRatio(mode).getAsDouble()));
                separator = ", ";
            }
        }
        json.append("},\n  \"memory\": [");
        separator = "";
        for (MemoryPeak peak : report.memory()) {
            json.append(separator).append("\n    {\"name\": ").append(string(peak.name())).append(", \"pid\": ").append(peak.pid())
                    .append(", \"peak_rss_kib\": ").append(peak.peakRssKib()).append(", \"hwm_kib\": ").append(peak.hwmKib()).append('}');
            separator = ",";
        }
        json.append(report.memory().isEmpty() ? "" : "\n  ").append("],\n  \"in_gateway\": [");
        separator = "";
        for (InGatewayOverhead own : report.inGateway()) {
            json.append(separator).append("\n    {\"target\": ").append(string(own.target())).append(", \"mode\": ")
                    .append(string(own.mode())).append(", \"rate\": ").append(own.rate()).append(", \"calls\": ")
                    .append(own.calls()).append(", \"p50_le_us\": ").append(number(own.p50UpperSeconds() * 1e6))
                    .append(", \"p99_le_us\": ").append(number(own.p99UpperSeconds() * 1e6))
                    .append(", \"share_over_1ms\": ").append(number(own.shareOverOneMillisecond()))
                    .append(", \"whole_call_p99_le_us\": ").append(number(own.answeredP99UpperSeconds() * 1e6)).append('}');
            separator = ",";
        }
        json.append(report.inGateway().isEmpty() ? "" : "\n  ").append("],\n  \"goals\": [");
        separator = "";
        for (Goal goal : report.goals()) {
            json.append(separator).append("\n    {\"goal\": ").append(string(goal.goal())).append(", \"value\": ")
                    .append(string(goal.value())).append(", \"met\": ").append(goal.met()).append('}');
            separator = ",";
        }
        json.append(report.goals().isEmpty() ? "" : "\n  ").append("]\n}");
    }

    private void run(BenchReport report, RunResult run) {
        json.append("{\"target\": ").append(string(run.target()))
                .append(", \"mode\": ").append(string(run.mode()))
                .append(", \"load\": ").append(string(run.load()))
                .append(", \"level\": ").append(run.level())
                .append(", \"sent\": ").append(run.sent())
                .append(", \"ok\": ").append(run.ok())
                .append(", \"error_count\": ").append(run.errorCount())
                .append(", \"errors\": {");
        String separator = "";
        for (Map.Entry<ErrorKind, Long> e : run.errors().entrySet()) {
            json.append(separator).append(string(e.getKey().label())).append(": ").append(e.getValue());
            separator = ", ";
        }
        json.append("}, \"statuses\": {");
        separator = "";
        for (Map.Entry<Integer, Long> e : run.statuses().entrySet()) {
            json.append(separator).append(string(e.getKey().toString())).append(": ").append(e.getValue());
            separator = ", ";
        }
        json.append("}, \"first_error\": ").append(run.firstError() == null ? "null" : string(run.firstError()))
                .append(", \"achieved_rps\": ").append(number(run.achievedRps()))
                .append(", \"latency_us\": ");
        latency(run.latency());
        json.append(", \"first_byte_us\": ");
        latency(run.firstByte());
        json.append(", \"overhead_us\": ")
                .append(report.overhead(run).map(o -> "{\"p50\": " + o.p50() + ", \"p99\": " + o.p99() + "}").orElse("null"))
                .append(", \"cpu_us_per_request\": ").append(number(run.cpuMicrosPerRequest()))
                .append(", \"connections\": ").append(run.connections()).append('}');
    }

    private void latency(Latency latency) {
        if (latency.isEmpty()) {
            json.append("null");
            return;
        }
        json.append("{\"count\": ").append(latency.count()).append(", \"p50\": ").append(latency.p50())
                .append(", \"p90\": ").append(latency.p90()).append(", \"p99\": ").append(latency.p99())
                .append(", \"max\": ").append(latency.max()).append(", \"mean\": ").append(number(latency.mean())).append('}');
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null";
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
