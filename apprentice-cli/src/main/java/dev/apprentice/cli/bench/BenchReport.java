package dev.apprentice.cli.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Everything one benchmark measured, and what follows from it.
 *
 * @param model       the model every request asked for
 * @param settings    warm-up, duration, timeout and in-flight bound of every run
 * @param concurrency workers of the saturation runs
 * @param baseline    the target the overhead is measured against (the upstream called directly)
 * @param subject     the gateway the goals are about
 * @param peer        the gateway the subject's throughput is compared with
 * @param runs        every run, in the order they ran
 * @param memory      memory peaks of the processes named with {@code --pid}
 * @param inGateway   what the gateways named with {@code --metrics} measured of themselves in the open-loop runs
 */
public record BenchReport(String model, LoadSettings settings, int concurrency, String baseline, String subject,
                          String peer, List<RunResult> runs, List<MemoryPeak> memory, List<InGatewayOverhead> inGateway) {

    public BenchReport {
        runs = List.copyOf(runs);
        memory = List.copyOf(memory);
        inGateway = List.copyOf(inGateway);
    }

    /** The modes measured ({@code plain}, {@code stream}), in order. */
    public Set<String> modes() {
        Set<String> modes = new LinkedHashSet<>();
        runs.forEach(run -> modes.add(run.mode()));
        return modes;
    }

    /** The open-loop rates measured in a mode, in order. */
    public Set<Integer> rates(String mode) {
        Set<Integer> rates = new LinkedHashSet<>();
        runs.stream().filter(run -> run.mode().equals(mode) && run.load().equals("open")).forEach(run -> rates.add(run.level()));
        return rates;
    }

    public Optional<RunResult> find(String target, String mode, String load, int level) {
        return runs.stream()
                .filter(run -> run.target().equals(target) && run.mode().equals(mode) && run.load().equals(load)
                        && run.level() == level)
                .findFirst();
    }

    /** The open-loop runs of one mode and rate, in target order. */
    public List<RunResult> openRuns(String mode, int rate) {
        return runs.stream().filter(run -> run.mode().equals(mode) && run.load().equals("open") && run.level() == rate).toList();
    }

    /** The saturation runs of one mode, in target order. */
    public List<RunResult> saturationRuns(String mode) {
        return runs.stream().filter(run -> run.mode().equals(mode) && run.load().equals("closed")).toList();
    }

    /** An open-loop run's overhead over the baseline at the same mode and rate; empty for the baseline itself. */
    public Optional<Overhead> overhead(RunResult run) {
        if (!run.load().equals("open") || run.target().equals(baseline)) {
            return Optional.empty();
        }
        return find(baseline, run.mode(), "open", run.level()).flatMap(direct -> Overhead.of(run.latency(), direct.latency()));
    }

    /** The subject's saturated throughput divided by the peer's, in one mode. */
    public OptionalDouble saturationRatio(String mode) {
        Optional<RunResult> subjectRun = find(subject, mode, "closed", concurrency);
        Optional<RunResult> peerRun = find(peer, mode, "closed", concurrency);
        if (subjectRun.isEmpty() || peerRun.isEmpty() || peerRun.get().achievedRps() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(subjectRun.get().achievedRps() / peerRun.get().achievedRps());
    }

    /** The targets, checked against this run. */
    public List<Goal> goals() {
        return Goal.check(this);
    }
}
