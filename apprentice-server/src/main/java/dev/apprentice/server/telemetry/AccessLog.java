package dev.apprentice.server.telemetry;

import dev.apprentice.api.access.HiddenCharacters;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One INFO line per call on the {@code apprentice.access} logger: a compact human message for text logs, and the
 * call's fields as the record's single {@code Map} parameter, which {@link JsonLogFormatter} writes as JSON fields.
 * What a caller or an upstream chose (the model name, the upstream's model, the tenant and key names) is written with
 * every control and format character escaped ({@link HiddenCharacters#escaped}), in the text line here and in JSON
 * by the formatter: no forged lines, no terminal escapes, no bidi reordering for an operator who tails the log.
 */
public final class AccessLog implements TraceSink {

  /** The access log's logger name; set its level to {@code OFF} to silence it. */
  public static final String LOGGER_NAME = "apprentice.access";

  private final Logger logger;

  public AccessLog() {
    this(Logger.getLogger(LOGGER_NAME));
  }

  AccessLog(Logger logger) {
    this.logger = logger;
  }

  @Override
  public void accept(TraceRecord trace) {
    try {
      if (trace == null || !logger.isLoggable(Level.INFO)) return;
      LogRecord record = new LogRecord(Level.INFO, line(trace));
      record.setLoggerName(logger.getName());
      record.setSourceClassName(null);
      record.setSourceMethodName(null);
      record.setParameters(new Object[] {fields(trace)});
      logger.log(record);
    } catch (RuntimeException e) {
      // a log line is never worth failing or slowing a call; a broken handler has its own error manager
    }
  }

  static Map<String, Object> fields(TraceRecord trace) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("trace_id", trace.id());
    fields.put("model", trace.model());
    fields.put("tenant", trace.tenant());
    putIfPresent(fields, "key_id", trace.keyId());
    fields.put("status", trace.status());
    putIfPresent(fields, "error_code", trace.errorCode());
    fields.put("stream", trace.stream());
    fields.put("api", trace.details().wireApi());
    fields.put("latency_ms", tenths(trace.latencyMs()));
    fields.put("overhead_ms", tenths(trace.overheadMs()));
    if (trace.ttftMs() != null) fields.put("ttft_ms", tenths(trace.ttftMs()));
    fields.put("input_tokens", trace.tokens().input());
    fields.put("output_tokens", trace.tokens().output());
    fields.put("cost_usd", trace.costUsd());
    putIfPresent(fields, "served_by", servedBy(trace));
    fields.put("attempts", trace.attempts().size());
    putIfPresent(fields, "cache", trace.cache());
    return Collections.unmodifiableMap(fields);
  }

  /**
   * E.g. {@code tr_1a2b 200 fast -> openai/gpt-4o-mini 812.4ms in=120 out=56 $0.000052 tenant=acme key=k1}, with
   * {@code api=responses} at the end for a call through {@code /v1/responses}.
   */
  static String line(TraceRecord trace) {
    StringBuilder line = new StringBuilder(160).append(oneLine(trace.id())).append(' ').append(trace.status());
    if (trace.errorCode() != null) line.append(' ').append(oneLine(trace.errorCode()));
    line.append(' ').append(oneLine(trace.model()));
    String servedBy = servedBy(trace);
    if (servedBy != null) line.append(" -> ").append(oneLine(servedBy));
    line.append(' ').append(tenths(trace.latencyMs())).append("ms");
    if (trace.ttftMs() != null) line.append(" ttft=").append(tenths(trace.ttftMs())).append("ms");
    line.append(" in=").append(trace.tokens().input()).append(" out=").append(trace.tokens().output());
    line.append(String.format(Locale.ROOT, " $%.6f", trace.costUsd()));
    line.append(" tenant=").append(oneLine(trace.tenant()));
    if (trace.keyId() != null) line.append(" key=").append(oneLine(trace.keyId()));
    if (trace.attempts().size() > 1) line.append(" attempts=").append(trace.attempts().size());
    if (trace.cacheHit()) line.append(" cache=").append(oneLine(trace.cache()));
    // the wire API when it is not chat completions' (a /v1/responses or /v1/embeddings call), as the OTLP span names it
    String api = trace.details().wireApi();
    if (!TraceDetails.CHAT_COMPLETIONS.equals(api)) line.append(" api=").append(oneLine(api));
    return line.toString();
  }

  private static String servedBy(TraceRecord trace) {
    if (trace.provider() == null) return null;
    return trace.upstreamModel() == null ? trace.provider() : trace.provider() + "/" + trace.upstreamModel();
  }

  /** The alias is whatever the client sent: keep it from forging lines or sending escapes to a terminal. */
  private static String oneLine(String text) {
    return text == null ? "null" : HiddenCharacters.escaped(text);
  }

  private static double tenths(double millis) {
    return Math.round(millis * 10) / 10.0;
  }

  private static void putIfPresent(Map<String, Object> fields, String key, Object value) {
    if (value != null) fields.put(key, value);
  }
}
