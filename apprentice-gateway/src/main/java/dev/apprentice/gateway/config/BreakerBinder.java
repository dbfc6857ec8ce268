package dev.apprentice.gateway.config;

/** Reads {@code circuit_breaker:} blocks, top level and per model. */
final class BreakerBinder {

  static final LayeredBlock<BreakerSettings> BLOCK =
      new LayeredBlock<>("circuit_breaker", BreakerSettings.defaults(), BreakerBinder::read);

  private BreakerBinder() {}

  private static BreakerSettings read(Section block, BreakerSettings base) {
    return new BreakerSettings(
        block.integer("failure_rate_percent", base.failureRatePercent(), 1, 100),
        block.integer("minimum_calls", base.minimumCalls(), 1, Integer.MAX_VALUE),
        block.millis("open_ms", base.openFor().toMillis(), 1));
  }
}
