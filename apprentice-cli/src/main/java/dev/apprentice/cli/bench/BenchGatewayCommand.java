package dev.apprentice.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code apprentice bench gateway}: latency overhead and saturated throughput of gateways against a direct upstream. */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures what gateways add on top of calling an OpenAI-compatible upstream directly, all on loopback.",
            "Open loop at fixed rates (latency from the intended start, so stalls are not hidden), then a closed-loop"
                + " saturation run, plain and streaming. Prints Markdown tables: p50/p90/p99/max, overhead = target"
                + " percentile minus the baseline's, errors, achieved RPS, CPU per request, max RPS, and peak RSS of"
                + " the given processes."
        })
public final class BenchGatewayCommand implements Callable<Integer> {

    /** Which request modes to run. */
    enum StreamChoice { both, on, off }

    @Spec
    private CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "NAME=URL",
            description = "Target base URL, repeatable, e.g. direct=http://127.0.0.1:9001/v1 apprentice=http://127.0.0.1:8080/v1")
    private Map<String, String> targets = new LinkedHashMap<>();

    @Option(names = "--header", paramLabel = "TARGET:NAME=VALUE",
            description = "Extra request header for one target, repeatable, e.g. 'portkey:x-portkey-provider=openai'")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--model", defaultValue = "bench", description = "Model every request asks for (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--rates", split = ",", defaultValue = "500,1000,2000,5000", paramLabel = "RPS",
            description = "Open-loop rates in requests per second (default: ${DEFAULT-VALUE}).")
    private List<Integer> rates;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured period of each run (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
            description = "Warm-up before each measured period, not counted (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--concurrency", defaultValue = "64", description = "Workers of the saturation run (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--saturation", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the closed-loop saturation runs (default: ${DEFAULT-VALUE}).")
    private boolean saturation;

    @Option(names = "--prewarm", defaultValue = "15s", converter = DurationConverter.class,
            description = "Closed-loop load on every target in every mode before anything is measured, so JIT compilers"
                    + " are done; 0 to skip (default: ${DEFAULT-VALUE}).")
    private Duration prewarm;

    @Option(names = "--stream", defaultValue = "both", description = "both, on (streaming only) or off (default: ${DEFAULT-VALUE}).")
    private StreamChoice stream;

    @Option(names = "--pid", paramLabel = "NAME=PID",
            description = "Process to sample RSS of (and to charge CPU per request to, when NAME is a target), repeatable.")
    private Map<String, Long> pids = new LinkedHashMap<>();

    @Option(names = "--metrics", paramLabel = "NAME=URL",
            description = "A target's Prometheus endpoint (an Apprentice gateway's /metrics), repeatable: its own overhead "
                    + "histogram is read around every open-loop run and reported next to the measured overhead.")
    private Map<String, java.net.URI> metricsEndpoints = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write every measurement as JSON to this file.")
    private Path out;

    @Option(names = "--baseline", defaultValue = "direct", description = "Target overhead is measured against (default: ${DEFAULT-VALUE}).")
    private String baseline;

    @Option(names = "--compare", defaultValue = "apprentice/portkey", paramLabel = "SUBJECT/PEER",
            description = "Gateway the goals are about / gateway its throughput is compared with (default: ${DEFAULT-VALUE}).")
    private String compare;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Per-request read timeout (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--max-in-flight", defaultValue = "1000",
            description = "Requests in flight per run; beyond it new ones are dropped and counted as errors (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Override
    public Integer call() {
        List<BenchTarget> parsedTargets = parseTargets();
        LoadSettings settings = settings();
        String[] pair = parseCompare();
        List<Workload> workloads = workloads();
        PrintWriter progress = spec.commandLine().getErr();
        for (String name : metricsEndpoints.keySet()) {
            if (!targets.containsKey(name)) {
                throw new ParameterException(spec.commandLine(), "--metrics names unknown target '" + name + "'");
            }
        }
        BenchPlan plan = new BenchPlan(parsedTargets, workloads, rates, concurrency, saturation, prewarm,
                new MetricsReader(metricsEndpoints));
        if (!targets.containsKey(baseline)) {
            progress.printf("bench: warning: no target named '%s' (--baseline), so no overhead can be computed%n", baseline);
        }
        progress.printf(Locale.ROOT, "bench: %d runs, about %d s%n", plan.size(), plan.estimate(settings).toSeconds());
        ProcessProbe probe = ProcessProbe.system();
        List<RunResult> runs;
        List<MemoryPeak> memory;
        try (RssSampler sampler = new RssSampler(probe, pids, Duration.ofMillis(100)).start()) {
            runs = plan.run(settings, target -> cpuClock(probe, target), progress);
            memory = sampler.peaks();
        }
        BenchReport report = new BenchReport(model, settings, concurrency, baseline, pair[0], pair[1], runs, memory,
                plan.inGateway());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(MarkdownReport.render(report));
        stdout.flush();
        return out == null || writeJson(report, progress) ? 0 : 1;
    }

    private List<BenchTarget> parseTargets() {
        Map<String, Map<String, String>> headersByTarget = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            int eq = header.indexOf('=', colon + 1);
            if (colon <= 0 || eq <= colon + 1) {
                throw new ParameterException(spec.commandLine(), "--header expects TARGET:NAME=VALUE, got '" + header + "'");
            }
            String target = header.substring(0, colon);
            if (!targets.containsKey(target)) {
                throw new ParameterException(spec.commandLine(), "--header names unknown target '" + target + "'");
            }
            headersByTarget.computeIfAbsent(target, t -> new LinkedHashMap<>())
                    .put(header.substring(colon + 1, eq).trim(), header.substring(eq + 1).trim());
        }
        List<BenchTarget> parsed = new ArrayList<>();
        try {
            targets.forEach((name, url) -> parsed.add(
                    BenchTarget.parse(name + "=" + url, headersByTarget.getOrDefault(name, Map.of()))));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--target: " + e.getMessage());
        }
        return parsed;
    }

    private LoadSettings settings() {
        if (rates.isEmpty() && !saturation) {
            throw new ParameterException(spec.commandLine(), "nothing to run: no --rates and --no-saturation");
        }
        for (int rate : rates) {
            if (rate < 1 || rate > LoadGenerator.MAX_REQUESTS_PER_SECOND) {
                throw new ParameterException(spec.commandLine(), "--rates: each rate must be between 1 and "
                        + LoadGenerator.MAX_REQUESTS_PER_SECOND + ", got " + rate);
            }
        }
        try {
            LoadSettings settings = new LoadSettings(warmup, duration, timeout, maxInFlight);
            if (prewarm.isNegative()) {
                throw new IllegalArgumentException("--prewarm must not be negative");
            }
            if (concurrency < 1 || concurrency > maxInFlight) {
                throw new IllegalArgumentException("--concurrency must be between 1 and --max-in-flight (" + maxInFlight + ")");
            }
            return settings;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String[] parseCompare() {
        String[] pair = compare.split("/", -1);
        if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
            throw new ParameterException(spec.commandLine(), "--compare expects SUBJECT/PEER, got '" + compare + "'");
        }
        return pair;
    }

    private List<Workload> workloads() {
        try {
            return switch (stream) {
                case both -> List.of(new Workload(model, false), new Workload(model, true));
                case on -> List.of(new Workload(model, true));
                case off -> List.of(new Workload(model, false));
            };
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
    }

    private CpuClock cpuClock(ProcessProbe probe, BenchTarget target) {
        Long pid = pids.get(target.name());
        return pid == null ? CpuClock.NONE : probe.cpuClock(pid);
    }

    private boolean writeJson(BenchReport report, PrintWriter err) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, JsonReport.render(report), StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("bench: cannot write " + out + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
