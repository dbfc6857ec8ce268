package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code telemetry:} and {@code logging:}: optional OTLP export of one span per call ({@code otlpEndpoint} null when
 * off, the default), the log format ({@code text} or {@code json}) and whether every call is logged (access log).
 */
public record TelemetrySettings(String otlpEndpoint, Map<String, String> otlpHeaders, String serviceName,
    Duration otlpTimeout, boolean jsonLogs, boolean accessLog) {

  public TelemetrySettings {
    otlpHeaders = Map.copyOf(otlpHeaders);
  }

  public static TelemetrySettings defaults() {
    return new TelemetrySettings(null, Map.of(), "apprentice", Duration.ofSeconds(10), false, false);
  }

  public boolean otlpEnabled() {
    return otlpEndpoint != null;
  }

  /** With the endpoint's password and the headers' values masked: settings end up in logs and assertion messages. */
  @Override
  public String toString() {
    return "TelemetrySettings[otlpEndpoint=" + (otlpEndpoint == null ? null : SecretMask.url(otlpEndpoint))
        + ", otlpHeaders=" + SecretMask.headers(otlpHeaders) + ", serviceName=" + serviceName + ", otlpTimeout="
        + otlpTimeout + ", jsonLogs=" + jsonLogs + ", accessLog=" + accessLog + "]";
  }
}
