package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/**
 * A collector that is slow, absent or failing never holds a call back, and what it costs is counted: spans past the
 * queue are dropped as {@code queue_full}, spans it did not take as failed, and places in the queue come back as soon
 * as an export is answered either way.
 */
class CollectorTroubleTest {

  private static final int CAPACITY = 8;
  /** An export timeout that never passes: these exports are answered, or never, as each test says. */
  private static final SpanCounts.Timeout NEVER = answer -> {};

  @Test
  void aCollectorThatNeverAnswersLeavesEverySpanPastTheQueueDroppedAndCounted() {
    SpanCounts counts = new SpanCounts(CAPACITY, NEVER);
    try (OtlpTraceExporter exporter = new OtlpTraceExporter(new Silent(), "test", Duration.ofMillis(50), counts,
        ProviderTypes.NONE)) {
      for (int i = 0; i < CAPACITY + 5; i++) exporter.accept(SampleTraces.refusedBeforeAnyProvider()); // one span each

      assertThat(exporter.queueFull()).isEqualTo(5);
      assertThat(exporter.exported()).isZero();
      assertThat(counts.onTheirWay()).isEqualTo(CAPACITY);
    }
  }

  @Test
  void aCallWhoseSpansDoNotAllFitIsDroppedWhole() {
    SpanCounts counts = new SpanCounts(CAPACITY, NEVER);
    try (OtlpTraceExporter exporter = new OtlpTraceExporter(new Silent(), "test", Duration.ofMillis(50), counts,
        ProviderTypes.NONE)) {
      for (int i = 0; i < CAPACITY - 1; i++) exporter.accept(SampleTraces.refusedBeforeAnyProvider());
      exporter.accept(SampleTraces.servedAfterRetry()); // a call and two attempts: three spans, one place left

      assertThat(exporter.queueFull()).isEqualTo(3);
      assertThat(counts.onTheirWay()).isEqualTo(CAPACITY - 1);
    }
  }

  @Test
  void spansTheCollectorRefusesAreCountedAsFailedAndGiveTheirPlacesBack() {
    SpanCounts counts = new SpanCounts(CAPACITY, NEVER);
    Failing collector = new Failing();
    try (OtlpTraceExporter exporter = new OtlpTraceExporter(collector, "test", Duration.ofSeconds(10), counts,
        ProviderTypes.NONE)) {
      for (int i = 0; i < CAPACITY; i++) exporter.accept(SampleTraces.refusedBeforeAnyProvider());
      exporter.flush(); // once: the SDK may answer a flush asked for right after another with the other's result

      assertThat(exporter.failed()).isEqualTo(CAPACITY);
      assertThat(counts.onTheirWay()).isZero();
      for (int i = 0; i < CAPACITY; i++) exporter.accept(SampleTraces.refusedBeforeAnyProvider());
      assertThat(exporter.queueFull()).as("the places of the failed spans were given back").isZero();
      assertThat(exporter.exported()).isZero();
    }
  }

  @Test
  void spansTheCollectorTookAreCountedAsExported() {
    InMemorySpanExporter collector = InMemorySpanExporter.create();
    SpanCounts counts = new SpanCounts(CAPACITY, NEVER);
    try (OtlpTraceExporter exporter = new OtlpTraceExporter(collector, "test", Duration.ofSeconds(10), counts,
        ProviderTypes.NONE)) {
      exporter.accept(SampleTraces.servedAfterRetry());
      exporter.accept(SampleTraces.failed());
      exporter.flush();

      assertThat(exporter.exported()).isEqualTo(5).isEqualTo(collector.getFinishedSpanItems().size());
      assertThat(exporter.failed() + exporter.queueFull()).isZero();
      assertThat(counts.onTheirWay()).isZero();
    }
  }

  @Test
  void aCallInsideACallersUnsampledTraceIsNotExportedAndHoldsNoPlace() {
    InMemorySpanExporter collector = InMemorySpanExporter.create();
    SpanCounts counts = new SpanCounts(CAPACITY, NEVER);
    String unsampled = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    try (OtlpTraceExporter exporter = new OtlpTraceExporter(collector, "test", Duration.ofSeconds(10), counts,
        ProviderTypes.NONE)) {
      for (int i = 0; i < 2 * CAPACITY; i++) exporter.accept(SampleTraces.servedInsideACallersTrace(unsampled));
      exporter.accept(SampleTraces.servedAfterRetry());
      exporter.flush();

      assertThat(collector.getFinishedSpanItems()).hasSize(3);
      assertThat(exporter.queueFull()).isZero();
      assertThat(counts.onTheirWay()).isZero();
    }
  }

  /** A collector that takes every export and never answers (a hung connection). */
  private static final class Silent implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return new CompletableResultCode();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** A collector that answers every export with an error. */
  private static final class Failing implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
