package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.List;

/** Reads the simulator options, which sit directly under a {@code type: simulator} provider (PRODUCT.md §6). */
final class SimulatorBinder {

  static final List<String> KEYS = List.of(
      "mode", "text", "lorem_tokens", "ttft_ms", "tokens_per_second", "seed", "faults", "retry_after_s");

  private SimulatorBinder() {}

  static SimulatorOptions read(Section provider) {
    SimulatorOptions d = SimulatorOptions.defaults();
    String mode = provider.choice("mode", d.mode(), SimulatorOptions.MODES, "mode");
    String text = provider.string("text", d.text());
    if ("fixed".equals(mode) && text == null) {
      provider.problems().add(provider.pathOf("text"), "is required when mode is fixed");
    }
    int loremTokens = provider.integer("lorem_tokens", d.loremTokens(), 1, 1_000_000);
    Duration ttft = provider.millis("ttft_ms", d.ttft().toMillis(), 0);
    double tokensPerSecond = provider.number("tokens_per_second", d.tokensPerSecond(), 0, false, Double.MAX_VALUE);
    Long seed = provider.optionalWhole("seed");
    Section faults = provider.section("faults");
    SimulatorOptions options = new SimulatorOptions(mode, text, loremTokens, ttft, tokensPerSecond, seed,
        probability(faults, "rate_limit"), probability(faults, "server_error"),
        probability(faults, "connection_reset"), probability(faults, "timeout"),
        probability(faults, "malformed_json"), probability(faults, "truncated_stream"),
        provider.integer("retry_after_s", d.retryAfterSeconds(), 0, Integer.MAX_VALUE));
    faults.finish();
    return options;
  }

  private static double probability(Section faults, String key) {
    return faults.number(key, 0, 0, false, 1);
  }
}
