package dev.apprentice.gateway.config;

import dev.apprentice.api.trace.MetricLabels;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One entry of {@code providers:}. {@code baseUrl} and {@code apiKey} are null for the simulator, {@code apiKey}
 * also when none is configured; {@code simulator} is non-null exactly when the type is {@code simulator}.
 * {@code outputLimitField} (openai only) is {@code auto}, {@code max_tokens} or {@code max_completion_tokens}: the
 * field that carries the gateway's output cap. {@code reasoningHistory} (openai only) is {@code auto}, {@code drop} or
 * {@code tool_turns}: which assistant turns keep their {@code reasoning_content} upstream. {@code streamUsage} (openai
 * only) is {@code auto}, {@code ask} or {@code omit}: whether streams ask for usage. {@code sendMetadata} (openai only)
 * is {@code auto}, {@code always} or {@code with_store}: whether {@code metadata} goes without {@code store: true}.
 * {@code structuredOutput}
 * (anthropic only) is {@code tool} or {@code native}: how a JSON answer is asked of Claude.
 */
public record ProviderSettings(String name, String type, String baseUrl, String apiKey, Map<String, String> headers,
    Duration connectTimeout, int maxTokensDefault, SimulatorOptions simulator, String outputLimitField,
    String reasoningHistory, String streamUsage, String sendMetadata, String structuredOutput) {

  public static final List<String> OUTPUT_LIMIT_FIELDS = List.of("auto", "max_tokens", "max_completion_tokens");
  public static final List<String> REASONING_HISTORIES = List.of("auto", "drop", "tool_turns");
  public static final List<String> STREAM_USAGES = List.of("auto", "ask", "omit");
  public static final List<String> SEND_METADATAS = List.of("auto", "always", "with_store");
  public static final List<String> STRUCTURED_OUTPUTS = List.of("tool", "native");

  public static final String OPENAI = "openai";
  public static final String ANTHROPIC = "anthropic";
  public static final String SIMULATOR = "simulator";
  public static final List<String> TYPES = List.of(OPENAI, ANTHROPIC, SIMULATOR);

  /**
   * Names no provider may take, in any case: its calls would share their {@code provider} label with cache hits
   * ({@link MetricLabels#CACHE}) or with calls no provider answered ({@link MetricLabels#NONE}), and {@code Cache}
   * beside {@code cache} in a dashboard would read as the same.
   */
  public static final List<String> RESERVED_NAMES = List.of(MetricLabels.CACHE, MetricLabels.NONE);

  /** What {@link #toString} masks: settings end up in logs and assertion messages. */
  private static final Map<String, UnaryOperator<Object>> SECRETS = Map.of("baseUrl", SecretMask.URL,
      "apiKey", SecretMask.KEY, "headers", SecretMask.HEADERS);

  public ProviderSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    outputLimitField = outputLimitField == null ? "auto" : outputLimitField;
    reasoningHistory = reasoningHistory == null ? "auto" : reasoningHistory;
    streamUsage = streamUsage == null ? "auto" : streamUsage;
    sendMetadata = sendMetadata == null ? "auto" : sendMetadata;
    structuredOutput = structuredOutput == null ? "tool" : structuredOutput;
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
  }

  /** True for a name only {@code /metrics} may use for a provider, in any case. */
  public static boolean reserved(String name) {
    return MetricLabels.isOneOf(name, RESERVED_NAMES);
  }

  /** Why {@code name} cannot name a provider, for a config error. */
  public static String whyReserved(String name) {
    return "'" + name + "' is reserved: /metrics counts calls the response cache answered under provider '"
        + MetricLabels.CACHE + "' and those no provider answered under '" + MetricLabels.NONE + "' (any case); choose"
        + " another provider name";
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

  /** Every component, with the key, the headers' values and a password in the base URL masked. */
  @Override
  public String toString() {
    return MaskedRecord.toString(this, SECRETS);
  }
}
