package dev.apprentice.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** One of the gateway issue's targets, with the value this run measured and whether it was met. */
public record Goal(String goal, String value, boolean met) {

    static final int OVERHEAD_RATE = 1000;
    static final long MAX_P99_OVERHEAD_MICROS = 1000;
    static final double MIN_THROUGHPUT_RATIO = 5.0;
    static final long MAX_RSS_KIB = 300L * 1024;

    /** Checks every target that this report has the measurements for. */
    static List<Goal> check(BenchReport report) {
        List<Goal> goals = new ArrayList<>();
        String subject = report.subject();
        for (String mode : report.modes()) {
            report.find(subject, mode, "open", OVERHEAD_RATE).flatMap(report::overhead).ifPresent(overhead -> goals.add(new Goal(
                    subject + " p99 overhead at " + OVERHEAD_RATE + " RPS (" + mode + ") <= 1 ms",
                    Units.millis(overhead.p99()) + " ms", overhead.p99() <= MAX_P99_OVERHEAD_MICROS)));
        }
        for (String mode : report.modes()) {
            OptionalDouble ratio = report.saturationRatio(mode);
            if (ratio.isPresent()) {
                goals.add(new Goal(subject + "/" + report.peer() + " saturated throughput (" + mode + ") >= 5x",
                        Units.ratio(ratio.getAsDouble()), ratio.getAsDouble() >= MIN_THROUGHPUT_RATIO));
            }
        }
        report.memory().stream().filter(peak -> peak.name().equals(subject) && peak.sampled()).findFirst()
                .ifPresent(peak -> goals.add(new Goal(subject + " RSS under load <= 300 MB",
                        Units.mebibytes(peak.peakRssKib()) + " MB", peak.peakRssKib() <= MAX_RSS_KIB)));
        for (String mode : report.modes()) {
            Optional<RunResult> saturation = report.find(subject, mode, "closed", report.concurrency());
            double limit = saturation.map(RunResult::achievedRps).orElse(Double.MAX_VALUE);
            List<RunResult> below = report.runs().stream()
                    .filter(run -> run.target().equals(subject) && run.mode().equals(mode) && run.load().equals("open")
                            && run.level() < limit)
                    .toList();
            if (!below.isEmpty()) {
                long errors = below.stream().mapToLong(RunResult::errorCount).sum();
                goals.add(new Goal(subject + " errors below saturation (" + mode + ", "
                        + below.stream().map(run -> Integer.toString(run.level())).toList() + " RPS) = 0",
                        Long.toString(errors), errors == 0));
            }
        }
        return goals;
    }
}
