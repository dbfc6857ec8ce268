package dev.apprentice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Sentences per second of an embedding function: {@code threads} callers each embed {@code perCall} sentences per
 * call, taken in turn from the data set, for a warm-up and then a measured period.
 */
final class Throughput {

  private final List<String> texts;
  private final long warmupMillis;
  private final long measureMillis;

  Throughput(List<String> texts, long warmupMillis, long measureMillis) {
    this.texts = texts;
    this.warmupMillis = warmupMillis;
    this.measureMillis = measureMillis;
  }

  /** Sentences per second while {@code threads} callers pass {@code perCall} sentences at a time to {@code embed}. */
  double measure(int threads, int perCall, Consumer<List<String>> embed) throws InterruptedException {
    run(threads, perCall, embed, warmupMillis);
    return run(threads, perCall, embed, measureMillis);
  }

  private double run(int threads, int perCall, Consumer<List<String>> embed, long millis) throws InterruptedException {
    AtomicInteger cursor = new AtomicInteger();
    LongAdder done = new LongAdder();
    long start = System.nanoTime();
    long end = start + millis * 1_000_000;
    List<Thread> callers = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      callers.add(Thread.ofPlatform().start(() -> {
        try {
          while (System.nanoTime() < end) {
            embed.accept(next(cursor, perCall));
            done.add(perCall);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread caller : callers) caller.join();
    if (!failures.isEmpty()) throw new IllegalStateException("a caller failed", failures.getFirst());
    double seconds = (System.nanoTime() - start) / 1e9;
    return done.sum() / seconds;
  }

  private List<String> next(AtomicInteger cursor, int count) {
    int first = cursor.getAndAdd(count);
    List<String> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) batch.add(texts.get(Math.floorMod(first + i, texts.size())));
    return batch;
  }
}
