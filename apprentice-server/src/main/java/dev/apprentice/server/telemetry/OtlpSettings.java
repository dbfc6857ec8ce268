package dev.apprentice.server.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how {@link OtlpTraceExporter} sends spans over OTLP/HTTP.
 *
 * @param endpoint    the full traces URL, e.g. {@code http://collector:4318/v1/traces}
 * @param headers     headers sent with every export (e.g. an API key); null means none
 * @param serviceName the {@code service.name} resource attribute; null or blank means {@code apprentice}
 * @param timeout     the limit on one export request; null means ten seconds
 */
public record OtlpSettings(String endpoint, Map<String, String> headers, String serviceName, Duration timeout) {

  public static final String DEFAULT_SERVICE_NAME = "apprentice";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public OtlpSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    URI uri = URI.create(endpoint);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("OTLP endpoint must be an http or https URL: " + endpoint);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    serviceName = serviceName == null || serviceName.isBlank() ? DEFAULT_SERVICE_NAME : serviceName;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("OTLP timeout must be positive");
  }

  /** Settings with no headers, the default service name and the default timeout. */
  public static OtlpSettings to(String endpoint) {
    return new OtlpSettings(endpoint, Map.of(), null, null);
  }
}
