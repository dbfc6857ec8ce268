package dev.apprentice.store;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only way traces reach the store at run time: {@link #accept} queues, and one daemon thread
 * ({@code apprentice-trace-writer}) writes them in batches. The queue is bounded twice: by traces, and by the bytes
 * their captured bodies hold ({@link ByteBudget}). Accepting never blocks while the queue has room; when it is full
 * (the gateway answers faster than the writer gets CPU to store), the caller waits for room up to a bound —
 * backpressure that slows an overloaded gateway to what it can account for — and only then drops the trace. Drops
 * (wait over, writer closed, or a store that keeps failing) are counted in {@link #dropped()} and logged, never
 * silent; waits are counted in {@link #waited()}.
 *
 * <p>A batch the store refuses for a reason that may pass ({@link StoreUnavailableException}: a write lock held past
 * the busy timeout, a full or read-only disk, a deleted database file) is kept and tried again, every few seconds,
 * for as long as it takes, while the queue takes new traces; once the queue is full they are dropped at once (a
 * failing store is no overload that waiting for room would help). Any other failure drops the batch after a few
 * tries. A spell of failures is logged once as it begins, summarised at most once a minute, and once as it ends
 * ({@link StoreTrouble}); {@link #storeFailure()} says what is failing meanwhile.
 */
public final class AsyncTraceWriter implements TraceSink, AutoCloseable {

  public static final int DEFAULT_CAPACITY = 16_384;
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  public static final int DEFAULT_MAX_BATCH = 1_000;
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(100);

  private static final System.Logger LOG = System.getLogger(AsyncTraceWriter.class.getName());
  private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  private static final int TRIES = 3;
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  /** How the writer's thread waits between two tries of a failed batch. */
  @FunctionalInterface
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  /** Queued by {@link #flush} and {@link #close}: released once everything queued before it is handled. */
  private record Marker(CountDownLatch done, boolean stop) {}

  private final TraceBatches store;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong waited = new AtomicLong();
  private final long fullQueueWaitNanos;
  private final ByteBudget budget;
  private final int capacity;
  private final Pause pause;
  private final StoreTrouble trouble = new StoreTrouble(dropped::get, System::nanoTime);
  private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - DROP_WARNING_INTERVAL_NANOS);
  private volatile boolean closed;

  /**
   * A writer with a 16,384-trace queue, batches of up to 1,000, at most 100 ms of batching delay, and no waiting for
   * room in a full queue.
   */
  public AsyncTraceWriter(TraceBatches store) {
    this(store, DEFAULT_CAPACITY, DEFAULT_MAX_BATCH, DEFAULT_MAX_DELAY);
  }

  /** As {@link #AsyncTraceWriter(TraceBatches, int, int, Duration, Duration)} with no waiting: a full queue drops. */
  public AsyncTraceWriter(TraceBatches store, int capacity, int maxBatch, Duration maxDelay) {
    this(store, capacity, maxBatch, maxDelay, Duration.ZERO);
  }

  /** As {@link #AsyncTraceWriter(TraceBatches, int, long, int, Duration, Duration)} with no bound on bytes. */
  public AsyncTraceWriter(TraceBatches store, int capacity, int maxBatch, Duration maxDelay, Duration fullQueueWait) {
    this(store, capacity, Long.MAX_VALUE, maxBatch, maxDelay, fullQueueWait);
  }

  /**
   * @param capacity traces the queue holds before {@link #accept} drops
   * @param maxBytes what the queued traces may hold together (an estimate of their bodies, {@link ByteBudget})
   * @param maxBatch the most traces one {@link TraceBatches#append} receives
   * @param maxDelay how long the thread waits for a batch to fill once it holds a trace
   * @param fullQueueWait how long {@link #accept} waits for room in a full queue before dropping (zero: never waits)
   */
  public AsyncTraceWriter(TraceBatches store, int capacity, long maxBytes, int maxBatch, Duration maxDelay,
      Duration fullQueueWait) {
    this(store, capacity, maxBytes, maxBatch, maxDelay, fullQueueWait, Thread::sleep);
  }

  /** As the public constructors, with the waits between tries of a failed batch made by {@code pause}. */
  AsyncTraceWriter(TraceBatches store, int capacity, long maxBytes, int maxBatch, Duration maxDelay,
      Duration fullQueueWait, Pause pause) {
    if (capacity < 1 || maxBytes < 1 || maxBatch < 1 || maxDelay.isNegative() || fullQueueWait.isNegative()) {
      throw new IllegalArgumentException(
          "capacity, maxBytes and maxBatch must be positive, maxDelay and fullQueueWait not negative");
    }
    this.budget = new ByteBudget(maxBytes);
    this.capacity = capacity;
    this.pause = Objects.requireNonNull(pause, "pause");
    this.fullQueueWaitNanos = fullQueueWait.toNanos();
    this.store = Objects.requireNonNull(store, "store");
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelay.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Thread.ofPlatform().name("apprentice-trace-writer").daemon(true).unstarted(this::run);
    thread.start();
  }

  /**
   * Queues the trace; never throws. With room in the queue it returns at once; a full queue makes the caller wait for
   * room (at most the configured wait) unless the store is failing; a closed writer, a wait that ran out, or a full
   * queue in front of a failing store drops the trace.
   */
  @Override
  public void accept(TraceRecord trace) {
    if (trace == null) {
      return;
    }
    long size = ByteBudget.sizeOf(trace);
    if (!closed && (admit(trace, size) || (!trouble.failing() && waitForRoom(trace, size)))) {
      return;
    }
    long total = dropped.incrementAndGet();
    warnDropped(total);
  }

  /** Queues the trace when both its bytes and a slot are free; takes nothing when either is not. */
  private boolean admit(TraceRecord trace, long size) {
    if (!budget.tryTake(size)) {
      return false;
    }
    if (queue.offer(trace)) {
      return true;
    }
    budget.untake(size);
    return false;
  }

  private boolean waitForRoom(TraceRecord trace, long size) {
    if (fullQueueWaitNanos == 0) {
      return false;
    }
    waited.incrementAndGet();
    try {
      return budget.awaitRoom(() -> !closed && admit(trace, size), fullQueueWaitNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }


  private void warnDropped(long total) {
    long now = System.nanoTime();
    long last = lastDropWarning.get();
    if (now - last >= DROP_WARNING_INTERVAL_NANOS && lastDropWarning.compareAndSet(last, now)) {
      String why = closed ? "trace writer closed" : trouble.failing() ? "trace queue full while the store fails ("
          + trouble.failure().orElse("") + ")" : "trace queue full";
      LOG.log(Level.WARNING, why + ": " + total + " traces dropped so far");
    }
  }

  /** Blocks until every trace accepted before this call is written (or dropped after failing). */
  public void flush() {
    flush(Duration.ofDays(1));
  }

  /** Like {@link #flush()}, waiting at most {@code timeout}; false when it ran out. */
  public boolean flush(Duration timeout) {
    if (closed) {
      try {
        return thread.join(timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    Marker marker = new Marker(new CountDownLatch(1), false);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      return queue.offer(marker, timeout.toNanos(), TimeUnit.NANOSECONDS)
          && marker.done().await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops accepting, writes everything queued and stops the thread (waiting at most 30 s). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
      boolean queued = queue.offer(new Marker(new CountDownLatch(1), true), CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      long left = Math.max(deadline - System.nanoTime(), 1_000_000);
      thread.join(Duration.ofNanos(left));
      if (!queued || thread.isAlive()) {
        LOG.log(Level.ERROR, "trace writer did not finish within " + CLOSE_WAIT.toSeconds() + " s; "
            + queueDepth() + " traces still queued");
      } else {
        countLeftovers();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.ERROR, "interrupted while closing the trace writer; " + queueDepth() + " traces still queued");
    }
  }

  /** Traces that slipped into the queue while the thread was finishing: they will never be written. */
  private void countLeftovers() {
    List<Object> left = new ArrayList<>();
    queue.drainTo(left);
    List<TraceRecord> traces = left.stream().filter(TraceRecord.class::isInstance).map(TraceRecord.class::cast).toList();
    budget.release(ByteBudget.sizeOf(traces));
    left.stream().filter(Marker.class::isInstance).forEach(m -> ((Marker) m).done().countDown());
    if (!traces.isEmpty()) {
      LOG.log(Level.WARNING, traces.size() + " traces accepted while the writer closed were dropped; "
          + dropped.addAndGet(traces.size()) + " dropped so far");
    }
  }

  /** Traces waiting to be written. */
  public int queueDepth() {
    return queue.size();
  }

  /** The estimated bytes the queued traces (and the batch being written) hold. */
  public long queuedBytes() {
    return budget.used();
  }

  /** Traces lost: queue full, writer closed, or the store failed every try. */
  public long dropped() {
    return dropped.get();
  }

  /** Calls that found the queue full and waited for room (whether they got it or not). */
  public long waited() {
    return waited.get();
  }

  /**
   * Why the store refuses traces, while the last write failed: the queue holds them (or, once full, they are
   * dropped) until a write succeeds. Empty while writes succeed.
   */
  public Optional<String> storeFailure() {
    return trouble.failure();
  }

  /** Traces the store accepted. */
  public long written() {
    return written.get();
  }

  private void run() {
    List<TraceRecord> batch = new ArrayList<>(maxBatch);
    List<Marker> markers = new ArrayList<>();
    List<Object> drained = new ArrayList<>(maxBatch);
    boolean stopping = false;
    while (!stopping) {
      try {
        Object first = queue.take();
        drained.add(first);
        long deadline = System.nanoTime() + maxDelayNanos;
        while (true) {
          for (Object item : drained) {
            if (item instanceof TraceRecord trace) {
              batch.add(trace);
            } else {
              markers.add((Marker) item);
              stopping |= ((Marker) item).stop();
            }
          }
          drained.clear();
          if (!markers.isEmpty() || batch.size() >= maxBatch) {
            break;
          }
          queue.drainTo(drained, maxBatch - batch.size());
          if (drained.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            // nap rather than wait on the queue: a waiting writer is woken by every single offer, which on a busy
            // machine costs the request threads a context switch per call
            LockSupport.parkNanos(Math.min(left, NAP_NANOS));
            if (Thread.interrupted()) {
              throw new InterruptedException();
            }
          }
        }
      } catch (InterruptedException e) {
        stopping = true;
      }
      if (stopping) {
        queue.drainTo(drained);
        for (Object item : drained) {
          if (item instanceof TraceRecord trace) {
            batch.add(trace);
          } else {
            markers.add((Marker) item);
          }
        }
        drained.clear();
      }
      writeAll(batch);
      batch.clear();
      markers.forEach(m -> m.done().countDown());
      markers.clear();
    }
  }

  private void writeAll(List<TraceRecord> records) {
    for (int from = 0; from < records.size(); from += maxBatch) {
      write(records.subList(from, Math.min(records.size(), from + maxBatch)));
    }
  }

  /** Writes the batch (or drops it after failing), then gives its bytes back to the budget. */
  private void write(List<TraceRecord> batch) {
    try {
      store(batch);
    } finally {
      budget.release(ByteBudget.sizeOf(batch));
    }
  }

  private void store(List<TraceRecord> batch) {
    long backoff = FIRST_BACKOFF_MS;
    // a closing writer in front of a failing store tries each batch once: close waits for it only so long
    int tries = closed && trouble.failing() ? 1 : TRIES;
    for (int attempt = 1; ; attempt++) {
      try {
        store.append(List.copyOf(batch));
        written.addAndGet(batch.size());
        trouble.succeeded();
        return;
      } catch (RuntimeException e) {
        // kept for as long as it takes while the writer runs: the store refused it for a reason that may pass
        boolean hold = e instanceof StoreUnavailableException && !closed && !Thread.currentThread().isInterrupted();
        boolean last = attempt >= tries && !hold;
        if (last) dropped.addAndGet(batch.size());
        trouble.failed(e, e instanceof StoreUnavailableException, capacity);
        if (last) return;
        LOG.log(Level.DEBUG, "trace write failed (try " + attempt + "), trying again: " + e);
        if (!pause(backoff)) tries = attempt + 1;
        backoff = Math.min(backoff * 4, MAX_BACKOFF_MS);
      }
    }
  }

  /** Waits before the next try; false when interrupted (the flag is kept: the writer is stopping). */
  private boolean pause(long millis) {
    try {
      pause.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
