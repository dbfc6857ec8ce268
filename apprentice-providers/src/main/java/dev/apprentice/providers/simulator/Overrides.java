package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatRequest;
import java.time.Duration;
import java.util.Map;

/**
 * The settings one request runs with: the provider's, then the model name's suffix, then the request's
 * {@code metadata} (see {@link SimulatorProvider} for the keys). A bad value is an {@link IllegalArgumentException}
 * naming the key.
 */
record Overrides(String mode, int loremTokens, Duration ttft, double tokensPerSecond, Simulation.Fault fault,
    String toolCallId, String toolArguments) {

  private static final String SUFFIX = "sim-";

  static Overrides of(ChatRequest request, SimulatorSettings settings) {
    String mode = settings.mode();
    int loremTokens = settings.loremTokens();
    String model = request.model();
    int at = model == null ? -1 : model.lastIndexOf(SUFFIX);
    if (at >= 0 && (at == 0 || !Character.isLetterOrDigit(model.charAt(at - 1)))) {
      int from = at + SUFFIX.length();
      if (model.startsWith(SimulatorSettings.ECHO, from) && model.length() == from + 4) {
        mode = SimulatorSettings.ECHO;
      } else if (model.startsWith(SimulatorSettings.FIXED, from) && model.length() == from + 5) {
        mode = SimulatorSettings.FIXED;
      } else if (model.startsWith(SimulatorSettings.LOREM, from)) {
        int count = model.length() == from + 5 ? loremTokens : suffixNumber(model, from + 5);
        if (count >= 0) {
          mode = SimulatorSettings.LOREM;
          loremTokens = count;
        }
      }
    }
    Map<String, Object> metadata = request.metadata();
    if (metadata == null || metadata.isEmpty()) {
      return new Overrides(mode, loremTokens, settings.ttft(), settings.tokensPerSecond(), null, null, null);
    }
    Object modeValue = metadata.get("sim_mode");
    if (modeValue != null) {
      mode = String.valueOf(modeValue);
      if (!SimulatorSettings.isMode(mode)) throw bad("sim_mode", "echo, fixed or lorem", modeValue);
    }
    double tokens = number(metadata, "sim_tokens", loremTokens);
    double ttftMillis = number(metadata, "sim_ttft_ms", -1);
    double tokensPerSecond = number(metadata, "sim_tps", settings.tokensPerSecond());
    Object faultValue = metadata.get("sim_fault");
    return new Overrides(mode, (int) Math.min(tokens, 1_000_000),
        ttftMillis < 0 ? settings.ttft() : Duration.ofNanos((long) (ttftMillis * 1_000_000)), tokensPerSecond,
        faultValue == null ? null : fault(faultValue), text(metadata.get("sim_tool_call_id")),
        text(metadata.get("sim_tool_arguments")));
  }

  /** The number after {@code -} at {@code from} to the end, or -1 when that is not what follows. */
  private static int suffixNumber(String model, int from) {
    if (model.length() <= from + 1 || model.charAt(from) != '-' || model.length() > from + 8) return -1;
    int value = 0;
    for (int i = from + 1; i < model.length(); i++) {
      char c = model.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static double number(Map<String, Object> metadata, String key, double fallback) {
    Object value = metadata.get(key);
    if (value == null) return fallback;
    double parsed;
    if (value instanceof Number n) {
      parsed = n.doubleValue();
    } else {
      try {
        parsed = Double.parseDouble(String.valueOf(value).strip());
      } catch (NumberFormatException e) {
        throw bad(key, "a number", value);
      }
    }
    if (!(parsed >= 0) || Double.isInfinite(parsed)) throw bad(key, "a number of at least 0", value);
    return parsed;
  }

  private static Simulation.Fault fault(Object value) {
    return switch (String.valueOf(value)) {
      case "none" -> Simulation.Fault.NONE;
      case "rate_limit" -> Simulation.Fault.RATE_LIMIT;
      case "server_error" -> Simulation.Fault.SERVER_ERROR;
      case "connection_reset" -> Simulation.Fault.CONNECTION_RESET;
      case "timeout" -> Simulation.Fault.TIMEOUT;
      case "malformed_json" -> Simulation.Fault.MALFORMED_JSON;
      case "truncated_stream" -> Simulation.Fault.TRUNCATED_STREAM;
      default -> throw bad("sim_fault", "none, rate_limit, server_error, connection_reset, timeout, "
          + "malformed_json or truncated_stream", value);
    };
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static IllegalArgumentException bad(String key, String expected, Object value) {
    return new IllegalArgumentException("metadata." + key + " must be " + expected + ", not '" + value + "'");
  }
}
