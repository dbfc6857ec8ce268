package dev.apprentice.cli.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counts one run's exchanges from many threads at once. Only requests started inside the measured window count;
 * throughput counts successes that completed inside it.
 */
final class RunTally {

    /** Ten minutes, in microseconds: the longest latency a histogram tracks (longer ones are clamped). */
    private static final long MAX_MICROS = 600_000_000L;

    private final long windowStart;
    private final long windowEnd;
    private final Histogram latency = new ConcurrentHistogram(MAX_MICROS, 3);
    private final Histogram firstByte = new ConcurrentHistogram(MAX_MICROS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder completedInWindow = new LongAdder();
    private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    RunTally(long windowStart, long windowEnd) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, new LongAdder());
        }
    }

    boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    /** A request that was due at {@code startNanos} but not sent because too many were in flight. */
    void dropped(long startNanos) {
        if (inWindow(startNanos)) {
            sent.increment();
            errors.get(ErrorKind.DROPPED).increment();
            firstError.compareAndSet(null, "dropped: the bound on requests in flight was reached");
        }
    }

    /** An exchange that started (or was due to start) at {@code startNanos}. */
    void record(long startNanos, Exchange exchange) {
        if (exchange.ok() && inWindow(exchange.endNanos())) {
            completedInWindow.increment();
        }
        if (!inWindow(startNanos)) {
            return;
        }
        sent.increment();
        if (exchange.ok()) {
            ok.increment();
            latency.recordValue(micros(exchange.endNanos() - startNanos));
            if (exchange.firstByteNanos() != 0) {
                firstByte.recordValue(micros(exchange.firstByteNanos() - startNanos));
            }
            return;
        }
        errors.get(exchange.error()).increment();
        if (exchange.error() == ErrorKind.STATUS) {
            statuses.computeIfAbsent(exchange.status(), code -> new LongAdder()).increment();
        }
        firstError.compareAndSet(null, exchange.detail());
    }

    RunResult result(BenchTarget target, Workload workload, String load, int level, double cpuMicrosPerRequest,
                     int connections) {
        Map<ErrorKind, Long> errorCounts = new EnumMap<>(ErrorKind.class);
        errors.forEach((kind, count) -> {
            if (count.sum() > 0) {
                errorCounts.put(kind, count.sum());
            }
        });
        Map<Integer, Long> statusCounts = new TreeMap<>();
        statuses.forEach((code, count) -> statusCounts.put(code, count.sum()));
        double seconds = (windowEnd - windowStart) / 1e9;
        return new RunResult(target.name(), workload.modeName(), load, level, sent.sum(), ok.sum(), errorCounts,
                statusCounts, firstError.get(), completedInWindow.sum() / seconds, Latency.of(latency),
                workload.stream() ? Latency.of(firstByte) : Latency.EMPTY, cpuMicrosPerRequest, connections);
    }

    /** Successes completed inside the measured window, to charge the window's CPU time to. */
    long completedInWindow() {
        return completedInWindow.sum();
    }

    private static long micros(long nanos) {
        return Math.max(0, Math.min(MAX_MICROS, nanos / 1_000));
    }
}
