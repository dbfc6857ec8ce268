package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@code type: simulator} provider: reply mode, pacing and fault probabilities (each 0..1).
 * {@code tokensPerSecond} 0 means instant; {@code seed} and {@code text} may be null.
 */
public record SimulatorOptions(String mode, String text, int loremTokens, Duration ttft, double tokensPerSecond,
    Long seed, double rateLimit, double serverError, double connectionReset, double timeout, double malformedJson,
    double truncatedStream, int retryAfterSeconds) {

  public static final List<String> MODES = List.of("echo", "fixed", "lorem");

  public SimulatorOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ttft, "ttft");
  }

  /** Echo replies, instant, no faults. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions("echo", null, 50, Duration.ZERO, 0, null, 0, 0, 0, 0, 0, 0, 1);
  }
}
