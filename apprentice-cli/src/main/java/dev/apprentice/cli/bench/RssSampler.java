package dev.apprentice.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Samples the resident memory of named processes on a background thread while a benchmark runs. */
final class RssSampler implements AutoCloseable {

    /** Sampling stops on its own after this long, even if nobody closes the sampler. */
    private static final Duration LONGEST = Duration.ofHours(6);

    private final ProcessProbe probe;
    private final Map<String, Long> pids;
    private final Duration interval;
    private final Map<String, Long> peaks = new ConcurrentHashMap<>();
    private final Map<String, Long> highWaterMarks = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    RssSampler(ProcessProbe probe, Map<String, Long> pids, Duration interval) {
        this.probe = probe;
        this.pids = new LinkedHashMap<>(pids);
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("bench-rss").unstarted(this::sampleUntilStopped);
    }

    RssSampler start() {
        sampleOnce();
        if (!pids.isEmpty()) {
            thread.start();
        }
        return this;
    }

    /** Takes a last sample and reports each process's peaks. */
    List<MemoryPeak> peaks() {
        sampleOnce();
        List<MemoryPeak> result = new ArrayList<>();
        pids.forEach((name, pid) -> result.add(
                new MemoryPeak(name, pid, peaks.getOrDefault(name, 0L), highWaterMarks.getOrDefault(name, 0L))));
        return result;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }

    private void sampleUntilStopped() {
        long rounds = LONGEST.toMillis() / Math.max(1, interval.toMillis());
        for (long i = 0; i < rounds && !stopped; i++) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            sampleOnce();
        }
    }

    private void sampleOnce() {
        pids.forEach((name, pid) -> {
            probe.residentKib(pid).ifPresent(kib -> peaks.merge(name, kib, Math::max));
            // the kernel's VmHWM is folded from per-thread counters lazily and can read a few KiB under an RSS
            // sampled a moment before: a high-water mark is at least every resident size seen
            probe.peakResidentKib(pid).ifPresent(kib ->
                    highWaterMarks.merge(name, Math.max(kib, peaks.getOrDefault(name, 0L)), Math::max));
        });
    }
}
