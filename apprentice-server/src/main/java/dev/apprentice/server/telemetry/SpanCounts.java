package dev.apprentice.server.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the spans meant for the collector: exported, failed (the collector refused them, could not be reached
 * or did not answer in time), or dropped before they were queued because as many spans as the export queue holds were
 * already on their way — a slow or unreachable collector. At most {@link #CAPACITY} spans are on their way at once,
 * queued or in an export not yet answered, so the batch processor's queue (as large) never fills and never drops a
 * span that nothing counted: the OpenTelemetry SDK only counts its drops into a meter provider the gateway has not.
 * An export not answered within the export timeout counts as failed and gives its places back then, so that an
 * exporter whose answer never comes cannot hold places for good and leave every later span dropped; an answer that
 * comes after that is ignored.
 */
final class SpanCounts {

  /** The spans that may be on their way to the collector at once: the batch processor's default queue. */
  static final int CAPACITY = 2048;

  private final int capacity;
  private final Timeout timeout;
  private final AtomicInteger onTheirWay = new AtomicInteger();
  private final LongAdder exported = new LongAdder();
  private final LongAdder queueFull = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** Counts whose exports fail once unanswered for {@code timeout}. */
  SpanCounts(Duration timeout) {
    this(CAPACITY, Timeout.after(timeout));
  }

  SpanCounts(int capacity, Timeout timeout) {
    this.capacity = capacity;
    this.timeout = timeout;
  }

  /** What ends the wait for an export's answer, unless it came first. */
  interface Timeout {

    /** Arranges for {@code answer} to be completed with false (failed) once the wait is over, unless done before. */
    void failLater(CompletableFuture<Boolean> answer);

    /** A wait of {@code timeout}, on the JDK's shared delay thread (a task that is cancelled once answered). */
    static Timeout after(Duration timeout) {
      long millis = timeout.toMillis();
      return answer -> answer.completeOnTimeout(false, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Takes places for one call's spans; false (and counted as dropped) when they do not all fit. */
  boolean take(int spans) {
    while (true) {
      int now = onTheirWay.get();
      if (now + spans > capacity) {
        queueFull.add(spans);
        return false;
      }
      if (onTheirWay.compareAndSet(now, now + spans)) return true;
    }
  }

  /** Gives back places taken for spans that will never reach the exporter (an unsampled call's, a failed build's). */
  void giveBack(int spans) {
    onTheirWay.addAndGet(-spans);
  }

  /**
   * {@code exporter}, giving back each batch's places and counting it once the collector answered (or failed), or
   * once the timeout passed without an answer.
   */
  SpanExporter counting(SpanExporter exporter) {
    return new Counting(exporter);
  }

  long exported() {
    return exported.sum();
  }

  /** Spans not queued because the queue was full. */
  long queueFull() {
    return queueFull.sum();
  }

  /** Spans the collector did not take: an error answer, no connection, no answer within the timeout. */
  long failed() {
    return failed.sum();
  }

  /** Spans queued or in an unanswered export now. */
  int onTheirWay() {
    return onTheirWay.get();
  }

  private void answered(int spans, boolean success) {
    (success ? exported : failed).add(spans);
    giveBack(spans);
  }

  private final class Counting implements SpanExporter {

    private final SpanExporter exporter;

    Counting(SpanExporter exporter) {
      this.exporter = exporter;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int count = spans.size();
      CompletableResultCode result;
      try {
        result = exporter.export(spans);
      } catch (RuntimeException e) {
        answered(count, false);
        throw e;
      }
      CompletableFuture<Boolean> answer = new CompletableFuture<>();
      answer.thenAccept(success -> answered(count, success)); // once: the first of the answer and the timeout
      timeout.failLater(answer);
      result.whenComplete(() -> answer.complete(result.isSuccess()));
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return exporter.shutdown();
    }
  }
}
