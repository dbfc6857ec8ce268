package dev.apprentice.testing;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An embedding model whose texts wait in a queue with one worker that a test can hold at a gate: after {@link #hold},
 * the text {@value #AHEAD} is in the worker's hands and every later text waits in the queue behind it, as behind a
 * burst of large {@code /v1/embeddings} calls, until {@link #release}. {@link #ran} says which texts the model ran and
 * {@link #queued} which were handed to it, so a test sees which ones left the queue unrun.
 *
 * <p>The queue is the test's, made from the gated work this hands it: in a test of the product, the product's own (the
 * local models' {@code MicroBatcher} with one worker), so the test sees what that queue does with texts whose callers
 * stopped waiting. This module cannot name it: the local models' tests depend on this one.
 */
public final class GatedEmbedder implements Embedder, AutoCloseable {

  /** The text {@link #hold} puts in the worker's hands. */
  public static final String AHEAD = "ahead";

  /**
   * A queue in front of the gated work, as its three operations: queue texts, queue them and wait, and stop (failing
   * the texts still queued).
   */
  public record Queue(Function<List<String>, CompletableFuture<List<Embedding>>> submit,
      Function<List<String>, List<Embedding>> process, Runnable close) {}

  private final String model;
  private final Embedder vectors;
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final List<String> queued = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(1);
  private final Queue queue;

  /**
   * A model named {@code model} answering {@code vectors}' vectors through the queue {@code queue} makes of the gated
   * work (which waits at the gate, then runs the texts). The gate starts open.
   */
  public GatedEmbedder(String model, Embedder vectors, Function<Function<List<String>, List<Embedding>>, Queue> queue) {
    this.model = model;
    this.vectors = vectors;
    this.queue = queue.apply(this::run);
  }

  private List<Embedding> run(List<String> texts) {
    entered.countDown();
    try {
      gate.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    ran.addAll(texts);
    return vectors.embed(texts);
  }

  /**
   * Holds the model's one worker with {@link #AHEAD} until {@link #release}; returns once it has taken it, with the
   * future of its vectors.
   */
  public CompletableFuture<List<Embedding>> hold() throws InterruptedException {
    gate = new CountDownLatch(1);
    entered = new CountDownLatch(1);
    CompletableFuture<List<Embedding>> ahead = queue.submit().apply(List.of(AHEAD));
    if (!entered.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the worker never took " + AHEAD);
    return ahead;
  }

  /** Lets the worker go on: the texts still queued run. */
  public void release() {
    gate.countDown();
  }

  /** The texts the model ran, in order. */
  public List<String> ran() {
    return List.copyOf(ran);
  }

  /** Every text handed to the model's queue (but {@link #AHEAD}), in order, whether it ran or not. */
  public List<String> queued() {
    return List.copyOf(queued);
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public int dimensions() {
    return vectors.dimensions();
  }

  @Override
  public int maxTokens() {
    return vectors.maxTokens();
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    queued.addAll(texts);
    return queue.process().apply(texts);
  }

  @Override
  public CompletableFuture<List<Embedding>> submit(List<String> texts) {
    queued.addAll(texts);
    return queue.submit().apply(texts);
  }

  /** Opens the gate and stops the queue. */
  @Override
  public void close() {
    release();
    queue.close().run();
  }
}
