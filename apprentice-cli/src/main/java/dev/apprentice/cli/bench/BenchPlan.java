package dev.apprentice.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The order of a benchmark's runs: first every target is prewarmed in every mode (closed loop, not recorded, so the
 * JIT compilers of JVM and Node targets are done before anything is measured); then for each mode, each target's
 * saturation run (first, so that an overloaded open-loop run, and any circuit breaker it trips, cannot spoil it), then
 * each rate with every target in turn (so targets see the same machine conditions). A short pause between runs lets
 * the last one's connections close.
 */
final class BenchPlan {

    static final Duration PAUSE = Duration.ofMillis(500);

    private final List<BenchTarget> targets;
    private final List<Workload> workloads;
    private final List<Integer> rates;
    private final int concurrency;
    private final boolean saturation;
    private final Duration prewarm;
    private final MetricsReader metrics;
    private final List<InGatewayOverhead> inGateway = new ArrayList<>();

    /** With {@code metrics}, the open-loop runs of gateways that expose their overhead histogram also record it. */
    BenchPlan(List<BenchTarget> targets, List<Workload> workloads, List<Integer> rates, int concurrency, boolean saturation,
              Duration prewarm, MetricsReader metrics) {
        this.targets = List.copyOf(targets);
        this.workloads = List.copyOf(workloads);
        this.rates = List.copyOf(rates);
        this.concurrency = concurrency;
        this.saturation = saturation;
        this.prewarm = prewarm;
        this.metrics = metrics;
    }

    /** What the gateways measured of themselves in the open-loop runs of the last {@link #run}. */
    List<InGatewayOverhead> inGateway() {
        return List.copyOf(inGateway);
    }

    /** Measured runs. */
    int size() {
        return workloads.size() * targets.size() * (rates.size() + (saturation ? 1 : 0));
    }

    /** About how long the whole plan takes. */
    Duration estimate(LoadSettings settings) {
        Duration perRun = settings.warmup().plus(settings.duration()).plus(PAUSE);
        return perRun.multipliedBy(size()).plus(prewarm.plus(PAUSE).multipliedBy((long) workloads.size() * targets.size()));
    }

    List<RunResult> run(LoadSettings settings, Function<BenchTarget, CpuClock> cpu, PrintWriter progress) {
        LoadGenerator generator = new LoadGenerator(settings);
        checkTargetsAnswer(generator, progress);
        prewarm(settings, progress);
        List<RunResult> results = new ArrayList<>(size());
        inGateway.clear();
        for (Workload workload : workloads) {
            if (saturation) {
                for (BenchTarget target : targets) {
                    pause();
                    results.add(report(progress, results.size() + 1,
                            generator.closedLoop(target, workload, concurrency, cpu.apply(target))));
                }
            }
            for (int rate : rates) {
                for (BenchTarget target : targets) {
                    pause();
                    MetricsReader.Reading before = metrics.read(target);
                    RunResult run = generator.openLoop(target, workload, rate, cpu.apply(target));
                    if (metrics.reads(target)) {
                        inGateway.add(InGatewayOverhead.of(run, metrics.read(target).since(before)));
                    }
                    results.add(report(progress, results.size() + 1, run));
                }
            }
        }
        return results;
    }

    private void prewarm(LoadSettings settings, PrintWriter progress) {
        if (prewarm.isZero()) {
            return;
        }
        LoadGenerator warmer = new LoadGenerator(new LoadSettings(Duration.ZERO, prewarm, settings.timeout(), settings.maxInFlight()));
        for (Workload workload : workloads) {
            for (BenchTarget target : targets) {
                pause();
                RunResult run = warmer.closedLoop(target, workload, concurrency, CpuClock.NONE);
                progress.printf(Locale.ROOT, "[prewarm] %-6s %-12s %s RPS, errors %s%n", workload.modeName(), target.name(),
                        Units.rate(run.achievedRps()), MarkdownReport.errors(run));
                progress.flush();
            }
        }
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
