package dev.apprentice.cli.bench;

import java.time.Duration;

/**
 * How every run is shaped: a warm-up period whose requests are sent but not counted, the measured period, the
 * per-read timeout of one request, and the bound on requests in flight (beyond it new requests are dropped and
 * counted as errors, so a saturated target cannot make the generator's memory grow without end).
 */
public record LoadSettings(Duration warmup, Duration duration, Duration timeout, int maxInFlight) {

    public LoadSettings {
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("warm-up must be >= 0 and duration > 0");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0");
        }
        if (maxInFlight < 1 || maxInFlight > 10_000) {
            throw new IllegalArgumentException("max in flight must be between 1 and 10000, got " + maxInFlight);
        }
    }
}
