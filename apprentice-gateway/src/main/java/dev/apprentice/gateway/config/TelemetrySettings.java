package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code telemetry:} and {@code logging:}: optional OTLP export of one span per call ({@code otlpEndpoint} null when
 * off, the default), the log format ({@code text} or {@code json}) and whether every call is logged (access log).
 */
public record TelemetrySettings(String otlpEndpoint, Map<String, String> otlpHeaders, String serviceName,
    Duration otlpTimeout, boolean jsonLogs, boolean accessLog) {

  /** What {@link #toString} masks: settings end up in logs and assertion messages. */
  private static final Map<String, UnaryOperator<Object>> SECRETS = Map.of("otlpEndpoint", SecretMask.URL,
      "otlpHeaders", SecretMask.HEADERS);

  public TelemetrySettings {
    otlpHeaders = Map.copyOf(otlpHeaders);
  }

  public static TelemetrySettings defaults() {
    return new TelemetrySettings(null, Map.of(), "apprentice", Duration.ofSeconds(10), false, false);
  }

  public boolean otlpEnabled() {
    return otlpEndpoint != null;
  }

  /** Every component, with the endpoint's password and the headers' values masked. */
  @Override
  public String toString() {
    return MaskedRecord.toString(this, SECRETS);
  }
}
