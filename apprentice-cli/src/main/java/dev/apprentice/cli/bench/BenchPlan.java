package dev.apprentice.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The order of a benchmark's runs: for each mode, each rate with every target in turn (so targets see the same
 * machine conditions), then each target's saturation run; a short pause between runs lets the last one's
 * connections close.
 */
final class BenchPlan {

    static final Duration PAUSE = Duration.ofMillis(500);

    private final List<BenchTarget> targets;
    private final List<Workload> workloads;
    private final List<Integer> rates;
    private final int concurrency;

    /** {@code concurrency} 0 leaves out the saturation runs. */
    BenchPlan(List<BenchTarget> targets, List<Workload> workloads, List<Integer> rates, int concurrency) {
        this.targets = List.copyOf(targets);
        this.workloads = List.copyOf(workloads);
        this.rates = List.copyOf(rates);
        this.concurrency = concurrency;
    }

    int size() {
        return workloads.size() * targets.size() * (rates.size() + (concurrency > 0 ? 1 : 0));
    }

    List<RunResult> run(LoadGenerator generator, Function<BenchTarget, CpuClock> cpu, PrintWriter progress) {
        checkTargetsAnswer(generator, progress);
        List<RunResult> results = new ArrayList<>(size());
        for (Workload workload : workloads) {
            for (int rate : rates) {
                for (BenchTarget target : targets) {
                    pause();
                    results.add(report(progress, results.size() + 1, generator.openLoop(target, workload, rate, cpu.apply(target))));
                }
            }
            if (concurrency > 0) {
                for (BenchTarget target : targets) {
                    pause();
                    results.add(report(progress, results.size() + 1,
                            generator.closedLoop(target, workload, concurrency, cpu.apply(target))));
                }
            }
        }
        return results;
    }

    private void checkTargetsAnswer(LoadGenerator generator, PrintWriter progress) {
        for (Workload workload : workloads) {
            for (BenchTarget target : targets) {
                Exchange exchange = generator.probe(target, workload);
                if (!exchange.ok()) {
                    progress.printf(Locale.ROOT, "bench: warning: %s (%s) failed its first request: %s%n",
                            target.name(), workload.modeName(), exchange.detail());
                }
            }
        }
        progress.flush();
    }

    private RunResult report(PrintWriter progress, int index, RunResult run) {
        Latency l = run.latency();
        progress.printf(Locale.ROOT, "[%2d/%d] %-6s %-6s %6s %-12s %s RPS, p50 %s ms, p99 %s ms, errors %s%n",
                index, size(), run.mode(), run.load(), run.level() + (run.load().equals("open") ? "/s" : "w"), run.target(),
                Units.rate(run.achievedRps()), Units.millis(l.p50()), Units.millis(l.p99()), MarkdownReport.errors(run));
        progress.flush();
        return run;
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
