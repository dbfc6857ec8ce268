package dev.apprentice.cli.bench;

import java.util.Optional;

/**
 * What a gateway adds on top of calling the upstream directly, in microseconds: the gateway's percentile minus the
 * direct target's percentile at the same load. Percentiles don't subtract like random variables, so this is the
 * conventional "overhead at p50 / p99", not the distribution of per-request differences. Can be negative (noise).
 */
public record Overhead(long p50, long p99) {

    /** The overhead of {@code gateway} over {@code direct}; empty when either recorded nothing. */
    public static Optional<Overhead> of(Latency gateway, Latency direct) {
        if (gateway.isEmpty() || direct.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Overhead(gateway.p50() - direct.p50(), gateway.p99() - direct.p99()));
    }
}
