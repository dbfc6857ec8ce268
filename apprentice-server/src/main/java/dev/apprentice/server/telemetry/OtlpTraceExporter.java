package dev.apprentice.server.telemetry;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Exports each finished call as an OpenTelemetry span ({@code chat {model}}, GenAI semantic conventions) with one child
 * span per upstream attempt, one {@code apprentice.target.skipped} event per target passed over (no request, so
 * no duration) and one {@code apprentice.guard.verdict} event per guardrail verdict, batched in the background and sent over OTLP/HTTP. Never blocks or throws in
 * {@link #accept}: a call whose spans do not fit the queue (a slow or unreachable collector) is dropped, and counted
 * ({@link #queueFull()}), as are the spans the collector did not take ({@link #failed()}). A call inside a caller's
 * trace that the caller did not sample (a {@code traceparent} with flags {@code 00}) is not exported, as the W3C
 * parent-based sampling the SDK applies asks.
 */
public final class OtlpTraceExporter implements TraceSink, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(OtlpTraceExporter.class.getName());
  private static final long NANOS_PER_MS = 1_000_000L;

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final Duration closeWait;
  private final SpanCounts counts;
  private final ProviderTypes types;
  private volatile boolean closed;

  /** An exporter that posts protobuf spans to {@code settings.endpoint()}, naming providers by {@code types}. */
  public OtlpTraceExporter(OtlpSettings settings, ProviderTypes types) {
    this(httpExporter(settings), settings.serviceName(), settings.timeout().plusSeconds(1),
        new SpanCounts(settings.timeout()), types);
  }

  /** An exporter over any span exporter (tests use an in-memory one). */
  OtlpTraceExporter(SpanExporter exporter, String serviceName, Duration closeWait) {
    this(exporter, serviceName, closeWait, new SpanCounts(OtlpSettings.DEFAULT_TIMEOUT), ProviderTypes.NONE);
  }

  /** An exporter that counts its spans in {@code counts}, whose capacity bounds the spans on their way. */
  OtlpTraceExporter(SpanExporter exporter, String serviceName, Duration closeWait, SpanCounts counts,
      ProviderTypes types) {
    this.counts = counts;
    this.types = types;
    Resource resource = Resource.getDefault()
        .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName)));
    this.provider = SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(counts.counting(exporter)).setMaxQueueSize(SpanCounts.CAPACITY)
            .build())
        .build();
    this.tracer = provider.get("dev.apprentice.server");
    this.closeWait = closeWait;
  }

  private static SpanExporter httpExporter(OtlpSettings settings) {
    OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
        .setEndpoint(settings.endpoint())
        .setTimeout(settings.timeout());
    settings.headers().forEach(builder::addHeader);
    return builder.build();
  }

  @Override
  public void accept(TraceRecord trace) {
    accept(trace, false);
  }

  /** A call's span carries the request's generation parameters and the answer's id and finish reasons. */
  @Override
  public boolean readsGeneration() {
    return true;
  }

  /** A refusal's span is named by its operation alone: its model is whatever the client sent. */
  @Override
  public void acceptRefused(TraceRecord trace) {
    accept(trace, true);
  }

  private void accept(TraceRecord trace, boolean refused) {
    if (closed || trace == null) return;
    int spans = 1 + trace.attempts().size();
    if (!counts.take(spans)) return;
    try {
      if (!export(trace, refused)) counts.giveBack(spans); // not sampled: none of its spans reaches the exporter
    } catch (RuntimeException e) {
      counts.giveBack(spans);
      LOG.log(System.Logger.Level.WARNING, "could not export trace " + trace.id() + " as a span", e);
    }
  }

  /**
   * Starts and ends the call's spans; false when the call is not sampled, so that nothing will be exported. A span's
   * name is low in cardinality, as backends index them (span metrics, operation lists): a refused request's is its
   * operation alone, since a client may send any model name, as {@code /metrics} counts it under model {@code none}.
   */
  private boolean export(TraceRecord trace, boolean refused) {
    long start = epochNanos(trace);
    long end = start + nanos(trace.latencyMs());
    String operation = SpanAttributes.operation(trace);
    String name = refused ? operation : operation + " " + SpanAttributes.requestModel(trace);
    Span call = withParent(tracer.spanBuilder(name), trace)
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(start, TimeUnit.NANOSECONDS)
        .setAllAttributes(SpanAttributes.ofCall(trace, types))
        .startSpan();
    if (!trace.succeeded()) {
      call.setStatus(StatusCode.ERROR, trace.errorMessage() != null ? trace.errorMessage() : "");
    }
    // The record keeps the order of skipped targets and guardrail verdicts but not when each happened, so every
    // event is dated at the call's start rather than at a made-up moment between attempts.
    for (SkippedTarget skipped : trace.details().skipped()) {
      call.addEvent(SpanAttributes.TARGET_SKIPPED, SpanAttributes.ofSkipped(skipped, types), start,
          TimeUnit.NANOSECONDS);
    }
    for (GuardVerdict verdict : trace.details().verdicts()) {
      call.addEvent(SpanAttributes.GUARD_VERDICT, SpanAttributes.ofVerdict(verdict), start, TimeUnit.NANOSECONDS);
    }
    Context parent = Context.root().with(call);
    long cursor = start;
    for (AttemptRecord attempt : trace.attempts()) {
      long attemptStart = attempt.startedMs() == null ? cursor : Math.min(end, start + nanos(attempt.startedMs()));
      long attemptEnd = Math.min(end, attemptStart + nanos(attempt.latencyMs()));
      exportAttempt(trace, attempt, parent, attemptStart, attemptEnd);
      cursor = attemptEnd;
    }
    call.end(end, TimeUnit.NANOSECONDS);
    return call.getSpanContext().isSampled();
  }

  /**
   * The caller's span as the parent when its {@code traceparent} was recorded (it was validated then), so that the
   * call appears inside the caller's distributed trace; otherwise a trace of its own.
   */
  private static SpanBuilder withParent(SpanBuilder span, TraceRecord trace) {
    String traceparent = trace.details().traceparent();
    if (traceparent == null) return span.setNoParent();
    String[] fields = traceparent.split("-");
    SpanContext remote = SpanContext.createFromRemoteParent(fields[1], fields[2],
        TraceFlags.fromHex(fields[3], 0), TraceState.getDefault());
    return remote.isValid() ? span.setParent(Context.root().with(Span.wrap(remote))) : span.setNoParent();
  }

  /**
   * An attempt's span runs from when it began, as its record says, for its latency, so that the waits before retries
   * and the work before the first attempt (retrieval, guardrails) show where they happened; a trace kept before
   * attempts recorded their start lays them end to end from the call's start. An attempt never reaches past the
   * call's end.
   */
  private void exportAttempt(TraceRecord trace, AttemptRecord attempt, Context parent, long start, long end) {
    Span span = tracer.spanBuilder("attempt " + attempt.provider() + "/" + attempt.upstreamModel())
        .setSpanKind(SpanKind.CLIENT)
        .setParent(parent)
        .setStartTimestamp(start, TimeUnit.NANOSECONDS)
        .setAllAttributes(SpanAttributes.ofAttempt(trace, attempt, types))
        .startSpan();
    if (!attempt.succeeded()) span.setStatus(StatusCode.ERROR, attempt.error() != null ? attempt.error() : "");
    span.end(end, TimeUnit.NANOSECONDS);
  }

  private static long epochNanos(TraceRecord trace) {
    return trace.startedAt().getEpochSecond() * 1_000_000_000L + trace.startedAt().getNano();
  }

  private static long nanos(double millis) {
    return millis <= 0 || Double.isNaN(millis) ? 0 : Math.round(millis * NANOS_PER_MS);
  }

  /** Spans exported: the collector answered that it took them. */
  public long exported() {
    return counts.exported();
  }

  /** Spans dropped before the queue: as many as it holds were already on their way to a slow or absent collector. */
  public long queueFull() {
    return counts.queueFull();
  }

  /** Spans the collector did not take: an error answer, no connection, or no answer within the timeout. */
  public long failed() {
    return counts.failed();
  }

  /** Sends what is queued now; waits at most the close wait. */
  void flush() {
    provider.forceFlush().join(closeWait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends what is queued and stops; waits at most the export timeout plus a second. Later records are ignored. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    provider.shutdown().join(closeWait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
