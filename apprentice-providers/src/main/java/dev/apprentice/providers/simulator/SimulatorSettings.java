package dev.apprentice.providers.simulator;

import java.time.Duration;

/**
 * How the simulator answers when a request does not say otherwise (PRODUCT.md §6).
 *
 * @param mode {@code echo} (the last user message), {@code fixed} ({@link #fixedText}) or {@code lorem}
 *     ({@link #loremTokens} words of lorem ipsum)
 * @param ttft time to first token
 * @param tokensPerSecond pace of the tokens after the first; 0 sends them all at once
 * @param seed seeds the fault draws of requests that bring no {@code seed}; null draws them at random
 */
public record SimulatorSettings(
    String mode,
    String fixedText,
    int loremTokens,
    Duration ttft,
    double tokensPerSecond,
    SimulatorFaults faults,
    Long seed) {

  public static final String ECHO = "echo";
  public static final String FIXED = "fixed";
  public static final String LOREM = "lorem";
  public static final String DEFAULT_FIXED_TEXT = "This is a simulated response from the Apprentice simulator.";

  public SimulatorSettings {
    mode = mode == null ? ECHO : mode;
    if (!isMode(mode)) throw new IllegalArgumentException("mode must be echo, fixed or lorem, not '" + mode + "'");
    fixedText = fixedText == null ? DEFAULT_FIXED_TEXT : fixedText;
    if (loremTokens < 0) throw new IllegalArgumentException("lorem_tokens must not be negative");
    ttft = ttft == null ? Duration.ZERO : ttft;
    if (ttft.isNegative()) throw new IllegalArgumentException("ttft must not be negative");
    if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
      throw new IllegalArgumentException("tokens_per_second must be zero or positive");
    }
    faults = faults == null ? SimulatorFaults.none() : faults;
  }

  /** Echo mode, 50 lorem tokens when asked for lorem, no delays, no faults, random fault draws. */
  public static SimulatorSettings defaults() {
    return new SimulatorSettings(ECHO, DEFAULT_FIXED_TEXT, 50, Duration.ZERO, 0, SimulatorFaults.none(), null);
  }

  public SimulatorSettings withMode(String newMode, String newFixedText) {
    return new SimulatorSettings(newMode, newFixedText, loremTokens, ttft, tokensPerSecond, faults, seed);
  }

  public SimulatorSettings withTiming(Duration newTtft, double newTokensPerSecond) {
    return new SimulatorSettings(mode, fixedText, loremTokens, newTtft, newTokensPerSecond, faults, seed);
  }

  public SimulatorSettings withFaults(SimulatorFaults newFaults) {
    return new SimulatorSettings(mode, fixedText, loremTokens, ttft, tokensPerSecond, newFaults, seed);
  }

  public SimulatorSettings withSeed(Long newSeed) {
    return new SimulatorSettings(mode, fixedText, loremTokens, ttft, tokensPerSecond, faults, newSeed);
  }

  static boolean isMode(String mode) {
    return ECHO.equals(mode) || FIXED.equals(mode) || LOREM.equals(mode);
  }
}
