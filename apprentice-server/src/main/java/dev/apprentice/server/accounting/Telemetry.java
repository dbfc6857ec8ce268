package dev.apprentice.server.accounting;

import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.gateway.config.TelemetrySettings;
import dev.apprentice.server.telemetry.AccessLog;
import dev.apprentice.server.telemetry.OtlpSettings;
import dev.apprentice.server.telemetry.OtlpTraceExporter;
import java.util.List;

/** The optional sinks: OTLP span export and the access log, each off unless configured. */
final class Telemetry {

  private Telemetry() {}

  static void sinks(TelemetrySettings settings, List<TraceSink> sinks, List<AutoCloseable> closeables) {
    if (settings.otlpEnabled()) {
      OtlpTraceExporter otlp = new OtlpTraceExporter(new OtlpSettings(settings.otlpEndpoint(), settings.otlpHeaders(),
          settings.serviceName(), settings.otlpTimeout()));
      sinks.add(otlp);
      closeables.add(otlp);
    }
    if (settings.accessLog()) sinks.add(new AccessLog());
  }
}
