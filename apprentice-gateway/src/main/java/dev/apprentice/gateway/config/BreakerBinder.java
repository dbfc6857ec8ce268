package dev.apprentice.gateway.config;

/** Reads {@code circuit_breaker:} blocks, top level and per model. */
final class BreakerBinder {

  static final LayeredBlock<BreakerSettings> BLOCK =
      new LayeredBlock<>("circuit_breaker", BreakerSettings.defaults(), BreakerBinder::read);

  static final int MAX_MINIMUM_CALLS = 10_000;

  private BreakerBinder() {}

  private static BreakerSettings read(Section block, BreakerSettings base) {
    return new BreakerSettings(
        block.integer("failure_rate_percent", base.failureRatePercent(), 1, 100),
        // the breaker keeps a window of this many outcomes per target: bounded so that it fits in memory
        block.integer("minimum_calls", base.minimumCalls(), 1, MAX_MINIMUM_CALLS),
        block.millis("open_ms", base.openFor().toMillis(), 1));
  }
}
