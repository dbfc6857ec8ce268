package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Counters read from a supplier keep counting after a garbage collection (Micrometer holds their object weakly). */
class FunctionCountersTest {

  @Test
  void theShedRefusedAndDeletedCountersFollowTheirSuppliersAfterAGarbageCollection() {
    GatewayMetrics metrics = new GatewayMetrics();
    AtomicLong shed = new AtomicLong();
    AtomicLong deleted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong shedForBodies = new AtomicLong();
    metrics.bindAdmission(shed::get, shedForBodies::get, () -> 0);
    metrics.bindRetryBudget(refused::get);
    metrics.bindRetention(deleted::get);
    assertThat(metrics.scrape()).contains("apprentice_calls_shed_total{reason=\"max_concurrent_calls\"} 0.0", "apprentice_traces_deleted_total 0.0");

    collectGarbage();
    shed.set(3);
    deleted.set(2_000);
    refused.set(7);
    shedForBodies.set(5);

    assertThat(metrics.scrape()).contains("apprentice_calls_shed_total{reason=\"max_concurrent_calls\"} 3.0",
        "apprentice_calls_shed_total{reason=\"max_inflight_body_mb\"} 5.0", "apprentice_traces_deleted_total 2000.0",
        "apprentice_retries_refused_total 7.0");
  }

  @Test
  void theOtlpSpansExportedAndDroppedByReasonAreCounters() {
    GatewayMetrics metrics = new GatewayMetrics();
    AtomicLong exported = new AtomicLong();
    AtomicLong queueFull = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    metrics.bindOtlp(exported::get, queueFull::get, failed::get);

    collectGarbage();
    exported.set(40);
    queueFull.set(3);
    failed.set(5);

    assertThat(metrics.scrape()).contains("# TYPE apprentice_otlp_spans_dropped_total counter",
        "apprentice_otlp_spans_exported_total 40.0", "apprentice_otlp_spans_dropped_total{reason=\"queue_full\"} 3.0",
        "apprentice_otlp_spans_dropped_total{reason=\"export_failed\"} 5.0");
  }

  /** Runs the collector until an object only weakly reachable is gone, so a weakly held supplier would be too. */
  private static void collectGarbage() {
    WeakReference<Object> canary = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && canary.get() != null; i++) {
      System.gc();
      Thread.onSpinWait();
    }
    assertThat(canary.get()).as("a garbage collection ran").isNull();
  }
}
