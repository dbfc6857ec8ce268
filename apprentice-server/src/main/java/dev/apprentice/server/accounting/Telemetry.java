package dev.apprentice.server.accounting;

import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.gateway.config.TelemetrySettings;
import dev.apprentice.server.GatewayMetrics;
import dev.apprentice.server.telemetry.AccessLog;
import dev.apprentice.server.telemetry.OtlpSettings;
import dev.apprentice.server.telemetry.OtlpTraceExporter;
import dev.apprentice.server.telemetry.ProviderTypes;
import java.util.List;

/** The optional sinks: OTLP span export and the access log, each off unless configured. */
final class Telemetry {

  private Telemetry() {}

  /**
   * Adds the configured sinks; the OTLP exporter names providers by their type in {@code types} and its span counts
   * go to {@code metrics}.
   */
  static void sinks(TelemetrySettings settings, ProviderTypes types, GatewayMetrics metrics, List<TraceSink> sinks,
      List<AutoCloseable> closeables) {
    if (settings.otlpEnabled()) {
      OtlpTraceExporter otlp = new OtlpTraceExporter(new OtlpSettings(settings.otlpEndpoint(), settings.otlpHeaders(),
          settings.serviceName(), settings.otlpTimeout()), types);
      metrics.bindOtlp(otlp::exported, otlp::queueFull, otlp::failed);
      sinks.add(otlp);
      closeables.add(otlp);
    }
    if (settings.accessLog()) sinks.add(new AccessLog());
  }
}
