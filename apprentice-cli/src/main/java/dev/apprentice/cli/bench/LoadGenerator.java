package dev.apprentice.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives load at one target: open loop at a fixed rate (each request has an intended start time and its latency is
 * measured from there, so a stalled target cannot hide its stall by slowing the generator down — coordinated
 * omission), or closed loop with a fixed number of workers sending back to back (saturation). Requests run on
 * platform threads of a cached pool (as many as are in flight) over pooled keep-alive sockets; requests beyond
 * {@link LoadSettings#maxInFlight()} are dropped and counted. Every run is bounded in time and in request count.
 *
 * <p>Measured on the 2-core machine against a trivial keep-alive server, open loop: this costs the generator about
 * 170 µs of CPU per request at 1k RPS and 90 µs at 5k; virtual threads cost 130–230 µs (the socket poller adds a
 * thread hop per read) and the JDK HttpClient 200–790 µs (and could not keep 5k RPS).
 */
public final class LoadGenerator {

    /** Requests per second no run goes beyond, whatever the rate or the target's speed. */
    static final long MAX_REQUESTS_PER_SECOND = 200_000;
    private static final Duration DRAIN_AFTER_ABORT = Duration.ofSeconds(2);

    private final LoadSettings settings;

    public LoadGenerator(LoadSettings settings) {
        this.settings = settings;
    }

    /** Sends a single request, to check a target answers before loading it. */
    public Exchange probe(BenchTarget target, Workload workload) {
        try (BenchClient client = new BenchClient(target, workload, settings.timeout())) {
            return client.send();
        }
    }

    /** Sends {@code rate} requests per second for the warm-up and then the measured period. */
    public RunResult openLoop(BenchTarget target, Workload workload, int rate, CpuClock cpu) {
        if (rate < 1 || rate > MAX_REQUESTS_PER_SECOND) {
            throw new IllegalArgumentException("rate must be between 1 and " + MAX_REQUESTS_PER_SECOND + ", got " + rate);
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long windowStart = start + settings.warmup().toNanos();
        long windowEnd = windowStart + settings.duration().toNanos();
        long total = (windowEnd - start) * rate / 1_000_000_000L;
        RunTally tally = new RunTally(windowStart, windowEnd);
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        CpuWindow cpuWindow = new CpuWindow(cpu);
        ExecutorService workers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("bench-request-", 0).factory());
        BenchClient client = new BenchClient(target, workload, settings.timeout());
        try {
            for (long i = 0; i < total; i++) {
                long intended = start + i * 1_000_000_000L / rate;
                parkUntil(intended);
                if (intended >= windowStart) {
                    cpuWindow.open();
                }
                if (!inFlight.tryAcquire()) {
                    tally.dropped(intended);
                    continue;
                }
                workers.execute(() -> {
                    try {
                        tally.record(intended, client.send());
                    } finally {
                        inFlight.release();
                    }
                });
            }
            parkUntil(windowEnd);
            cpuWindow.close();
            awaitPermits(inFlight, settings.maxInFlight(), settings.timeout().plusSeconds(1));
            client.close();
            awaitPermits(inFlight, settings.maxInFlight(), DRAIN_AFTER_ABORT);
            return tally.result(target, workload, "open", rate, cpuWindow.microsPer(tally.completedInWindow()),
                    client.connectionsOpened());
        } finally {
            client.close();
            workers.shutdownNow();
        }
    }

    /** Runs {@code concurrency} workers that each send the next request as soon as the last one finished. */
    public RunResult closedLoop(BenchTarget target, Workload workload, int concurrency, CpuClock cpu) {
        if (concurrency < 1 || concurrency > settings.maxInFlight()) {
            throw new IllegalArgumentException("concurrency must be between 1 and " + settings.maxInFlight() + ", got "
                    + concurrency);
        }
        long start = System.nanoTime();
        long windowStart = start + settings.warmup().toNanos();
        long windowEnd = windowStart + settings.duration().toNanos();
        AtomicLong budget = new AtomicLong((windowEnd - start) * MAX_REQUESTS_PER_SECOND / 1_000_000_000L + 1);
        RunTally tally = new RunTally(windowStart, windowEnd);
        CpuWindow cpuWindow = new CpuWindow(cpu);
        BenchClient client = new BenchClient(target, workload, settings.timeout());
        try {
            List<Thread> workers = new ArrayList<>(concurrency);
            for (int w = 0; w < concurrency; w++) {
                workers.add(Thread.ofPlatform().daemon().name("bench-worker-" + w).start(() -> {
                    long began;
                    while ((began = System.nanoTime()) < windowEnd && budget.decrementAndGet() >= 0) {
                        tally.record(began, client.send());
                    }
                }));
            }
            parkUntil(windowStart);
            cpuWindow.open();
            parkUntil(windowEnd);
            cpuWindow.close();
            join(workers, settings.timeout().plusSeconds(1));
            client.close();
            join(workers, DRAIN_AFTER_ABORT);
            return tally.result(target, workload, "closed", concurrency, cpuWindow.microsPer(tally.completedInWindow()),
                    client.connectionsOpened());
        } finally {
            client.close();
        }
    }

    private static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void awaitPermits(Semaphore semaphore, int permits, Duration atMost) {
        try {
            if (semaphore.tryAcquire(permits, atMost.toNanos(), TimeUnit.NANOSECONDS)) {
                semaphore.release(permits);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(List<Thread> threads, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The target process's CPU time between the start and the end of the measured window. */
    private static final class CpuWindow {
        private final CpuClock clock;
        private boolean opened;
        private long atOpen = -1;
        private long atClose = -1;

        CpuWindow(CpuClock clock) {
            this.clock = clock;
        }

        void open() {
            if (!opened) {
                opened = true;
                atOpen = clock.cpuNanos();
            }
        }

        void close() {
            atClose = clock.cpuNanos();
        }

        double microsPer(long requests) {
            if (atOpen < 0 || atClose < 0 || requests == 0) {
                return Double.NaN;
            }
            return (atClose - atOpen) / 1_000.0 / requests;
        }
    }
}
