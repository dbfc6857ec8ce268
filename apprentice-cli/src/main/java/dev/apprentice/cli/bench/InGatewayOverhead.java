package dev.apprentice.cli.bench;

/**
 * What a gateway measured of itself during one open-loop run: the calls its overhead histogram counted and where
 * their p50 and p99 fall (bucket bounds, seconds), and the share over 1 ms.
 */
public record InGatewayOverhead(String target, String mode, int rate, long calls, double p50UpperSeconds,
                                double p99UpperSeconds, double shareOverOneMillisecond) {

    static InGatewayOverhead of(RunResult run, OverheadHistogram histogram) {
        return new InGatewayOverhead(run.target(), run.mode(), run.level(), histogram.count(), histogram.upperBound(0.5),
                histogram.upperBound(0.99), histogram.shareOver(0.001));
    }
}
