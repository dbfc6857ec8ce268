package dev.apprentice.gateway.config;

import dev.apprentice.api.access.Limits;
import dev.apprentice.api.access.Tenants;
import dev.apprentice.gateway.accounting.Capture;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the accounting blocks: {@code traces:}, {@code tenants:}, {@code limits:}, {@code telemetry:}, {@code logging:}. */
final class AccountingBinder {

  private static final List<String> CAPTURES = Arrays.stream(Capture.values()).map(Capture::configName).toList();

  private AccountingBinder() {}

  static TraceSettings readTraces(Section root) {
    Section s = root.section("traces");
    TraceSettings d = TraceSettings.defaults();
    TraceSettings traces = new TraceSettings(s.bool("enabled", d.enabled()), capture(s, d.capture()),
        s.integer("queue_capacity", d.queueCapacity(), 1, 10_000_000),
        s.integer("queue_max_mb", d.queueMaxMb(), 1, 1_000_000),
        s.integer("full_queue_wait_ms", d.fullQueueWaitMs(), 0, 600_000),
        s.integer("retention_days", d.retentionDays(), 0, 36_500));
    s.finish();
    return traces;
  }

  /** A model's {@code traces:} block: only {@code capture} may be set per model. */
  static Capture readModelCapture(Section model, Capture fallback) {
    Section s = model.section("traces");
    s.reject(List.of("enabled", "queue_capacity", "queue_max_mb", "full_queue_wait_ms", "retention_days"),
        "only valid in the top-level traces block (a model's traces block sets capture only)");
    Capture capture = capture(s, fallback);
    s.finish();
    return capture;
  }

  private static Capture capture(Section s, Capture fallback) {
    return Capture.parse(s.choice("capture", fallback.configName(), CAPTURES, "capture policy"));
  }

  static LimitSettings readLimits(Section root) {
    Map<String, Limits> tenants = new LinkedHashMap<>();
    root.entries("tenants").forEach((name, t) -> {
      if (Tenants.reserved(name)) t.problems().add(t.path(), Tenants.whyReserved(name));
      tenants.put(name, readLimitsOf(t));
      t.finish();
    });
    Section s = root.section("limits");
    int reserve = s.integer("reserve_output_tokens", LimitSettings.DEFAULT_RESERVE_OUTPUT_TOKENS, 1, 10_000_000);
    String unpriced = s.choice("unpriced", LimitSettings.UNPRICED_REFUSE,
        List.of(LimitSettings.UNPRICED_REFUSE, LimitSettings.UNPRICED_ALLOW), "policy for unpriced models");
    s.finish();
    return new LimitSettings(tenants, reserve, unpriced.equals(LimitSettings.UNPRICED_REFUSE));
  }

  private static Limits readLimitsOf(Section t) {
    return new Limits(t.optionalCount("rpm"), t.optionalCount("tpm"), t.optionalAmount("budget_usd_per_day"),
        t.optionalAmount("budget_usd_per_month"), t.optionalCount("max_concurrent"));
  }

  static TelemetrySettings readTelemetry(Section root) {
    TelemetrySettings d = TelemetrySettings.defaults();
    Section telemetry = root.section("telemetry");
    Section otlp = telemetry.section("otlp");
    String endpoint = otlp.httpUrl("endpoint", null, " such as http://collector:4318/v1/traces");
    Map<String, String> headers = otlp.stringMap("headers");
    String service = otlp.string("service_name", d.serviceName());
    var timeout = otlp.millis("timeout_ms", d.otlpTimeout().toMillis(), 1);
    otlp.finish();
    telemetry.finish();
    Section logging = root.section("logging");
    String format = logging.choice("format", "text", List.of("text", "json"), "log format");
    boolean access = logging.bool("access_log", d.accessLog());
    logging.finish();
    return new TelemetrySettings(endpoint, headers, service, timeout, format.equals("json"), access);
  }
}
