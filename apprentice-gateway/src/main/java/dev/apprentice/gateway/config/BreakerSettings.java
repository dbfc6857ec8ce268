package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When a target's circuit opens ({@code circuit_breaker:}): at {@code failureRatePercent} failures over at least
 * {@code minimumCalls} calls, for {@code openFor}.
 */
public record BreakerSettings(int failureRatePercent, int minimumCalls, Duration openFor) {

  public BreakerSettings {
    Objects.requireNonNull(openFor, "openFor");
  }

  public static BreakerSettings defaults() {
    return new BreakerSettings(50, 10, Duration.ofSeconds(30));
  }
}
