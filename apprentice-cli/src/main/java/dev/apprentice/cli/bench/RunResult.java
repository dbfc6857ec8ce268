package dev.apprentice.cli.bench;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured part of one run against one target.
 *
 * @param target         the target's name
 * @param mode           {@code plain} or {@code stream}
 * @param load           {@code open} (fixed rate) or {@code closed} (fixed concurrency, saturation)
 * @param level          the requested rate in requests per second (open) or the number of workers (closed)
 * @param sent           requests started in the measured period, dropped ones included
 * @param ok             of those, the ones that succeeded
 * @param errors         of those, the failures by kind (only kinds that occurred)
 * @param statuses       non-2xx statuses seen, by code
 * @param firstError     the first failure's description, or {@code null}
 * @param achievedRps    successful responses completed within the measured period, per second
 * @param latency        full response time of successful requests (open loop: from the intended start)
 * @param firstByte      time to the first body byte of successful streams; {@link Latency#EMPTY} for plain calls
 * @param cpuMicrosPerRequest CPU time the target's process spent per successful request, or NaN when not sampled
 * @param connections    connections the generator opened during the run
 */
public record RunResult(String target, String mode, String load, int level, long sent, long ok,
                        Map<ErrorKind, Long> errors, Map<Integer, Long> statuses, String firstError,
                        double achievedRps, Latency latency, Latency firstByte, double cpuMicrosPerRequest,
                        int connections) {

    public RunResult {
        errors = errors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(errors));
        statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
    }

    /** All failures of the measured period. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
