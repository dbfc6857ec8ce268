package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code providers:}. {@code baseUrl} and {@code apiKey} are null for the simulator, {@code apiKey}
 * also when none is configured; {@code simulator} is non-null exactly when the type is {@code simulator}.
 * {@code outputLimitField} (openai only) is {@code auto}, {@code max_tokens} or {@code max_completion_tokens}: the
 * field that carries the gateway's output cap. {@code reasoningHistory} (openai only) is {@code auto}, {@code drop} or
 * {@code tool_turns}: which assistant turns keep their {@code reasoning_content} upstream.
 */
public record ProviderSettings(String name, String type, String baseUrl, String apiKey, Map<String, String> headers,
    Duration connectTimeout, int maxTokensDefault, SimulatorOptions simulator, String outputLimitField,
    String reasoningHistory) {

  public static final List<String> OUTPUT_LIMIT_FIELDS = List.of("auto", "max_tokens", "max_completion_tokens");
  public static final List<String> REASONING_HISTORIES = List.of("auto", "drop", "tool_turns");

  public static final String OPENAI = "openai";
  public static final String ANTHROPIC = "anthropic";
  public static final String SIMULATOR = "simulator";
  public static final List<String> TYPES = List.of(OPENAI, ANTHROPIC, SIMULATOR);

  public ProviderSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    outputLimitField = outputLimitField == null ? "auto" : outputLimitField;
    reasoningHistory = reasoningHistory == null ? "auto" : reasoningHistory;
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
  }

  /** The base URL a provider type uses when none is configured; null for the simulator. */
  public static String defaultBaseUrl(String type) {
    return switch (type) {
      case OPENAI -> "https://api.openai.com/v1";
      case ANTHROPIC -> "https://api.anthropic.com";
      default -> null;
    };
  }

  public boolean isSimulator() {
    return SIMULATOR.equals(type);
  }

  /** With the key, the headers' values and a password in the base URL masked: settings end up in logs. */
  @Override
  public String toString() {
    return "ProviderSettings[name=" + name + ", type=" + type + ", baseUrl="
        + (baseUrl == null ? null : SecretMask.url(baseUrl)) + ", apiKey=" + (apiKey == null ? null : SecretMask.mask(apiKey))
        + ", headers=" + SecretMask.headers(headers) + ", connectTimeout=" + connectTimeout + ", maxTokensDefault="
        + maxTokensDefault + ", simulator=" + simulator + ", outputLimitField=" + outputLimitField
        + ", reasoningHistory=" + reasoningHistory + "]";
  }
}
