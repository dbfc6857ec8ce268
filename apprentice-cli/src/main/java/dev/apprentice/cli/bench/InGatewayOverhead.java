package dev.apprentice.cli.bench;

/**
 * What a gateway measured of itself during one open-loop run: the calls its overhead histogram counted and where
 * their p50 and p99 fall (bucket bounds, seconds), the share over 1 ms, and for non-streamed calls the p99 of the
 * whole call inside the gateway (trace building and answer writing included; NaN when not measured).
 */
public record InGatewayOverhead(String target, String mode, int rate, long calls, double p50UpperSeconds,
                                double p99UpperSeconds, double shareOverOneMillisecond, double answeredP99UpperSeconds) {

    static InGatewayOverhead of(RunResult run, MetricsReader.Reading reading) {
        OverheadHistogram histogram = reading.overhead();
        return new InGatewayOverhead(run.target(), run.mode(), run.level(), histogram.count(), histogram.upperBound(0.5),
                histogram.upperBound(0.99), histogram.shareOver(0.001), reading.answered().upperBound(0.99));
    }
}
