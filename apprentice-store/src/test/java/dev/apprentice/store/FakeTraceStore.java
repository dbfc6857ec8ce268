package dev.apprentice.store;

import dev.apprentice.api.trace.TraceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An in-memory trace store that can hold appends at a gate or fail a number of them. */
final class FakeTraceStore implements TraceStore {

  final List<TraceRecord> stored = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch firstAppendStarted = new CountDownLatch(1);
  private final boolean gated;
  private final AtomicInteger failuresLeft;
  private final boolean unavailable;
  final AtomicInteger appends = new AtomicInteger();

  private FakeTraceStore(boolean gated, int failures) {
    this(gated, failures, false);
  }

  private FakeTraceStore(boolean gated, int failures, boolean unavailable) {
    this.gated = gated;
    this.failuresLeft = new AtomicInteger(failures);
    this.unavailable = unavailable;
  }

  static FakeTraceStore working() {
    return new FakeTraceStore(false, 0);
  }

  /** Every append waits until {@link #gate} opens. */
  static FakeTraceStore blocked() {
    return new FakeTraceStore(true, 0);
  }

  /** The first {@code failures} appends throw. */
  static FakeTraceStore failing(int failures) {
    return new FakeTraceStore(false, failures);
  }

  /** The first {@code failures} appends are refused as by a locked or full database. */
  static FakeTraceStore unavailable(int failures) {
    return new FakeTraceStore(false, failures, true);
  }

  @Override
  public void append(List<TraceRecord> batch) {
    appends.incrementAndGet();
    firstAppendStarted.countDown();
    if (gated) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (failuresLeft.getAndDecrement() > 0) {
      throw unavailable ? new StoreUnavailableException("database is locked") : new StoreException("disk full");
    }
    batchSizes.add(batch.size());
    stored.addAll(batch);
  }

  @Override
  public TracePage page(TraceQuery query) {
    return new TracePage(List.copyOf(stored), false);
  }

  @Override
  public Optional<TraceRecord> find(String id) {
    return stored.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  @Override
  public void export(TraceQuery query, Consumer<TraceRecord> each) {
    List.copyOf(stored).forEach(each);
  }

  @Override
  public List<CostRow> costs(CostQuery query) {
    return List.of();
  }

  @Override
  public List<SpendRow> spendSince(Instant since) {
    return List.of();
  }

  @Override
  public long count() {
    return stored.size();
  }

  @Override
  public void appendSpendOnly(List<TraceRecord> batch) {
    throw new UnsupportedOperationException("the writer tests store whole traces");
  }

  @Override
  public long deleteStartedBefore(Instant cutoff) {
    synchronized (stored) {
      int before = stored.size();
      stored.removeIf(t -> t.startedAt().isBefore(cutoff));
      return before - stored.size();
    }
  }
}
