package dev.apprentice.server;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.local.embedding.MicroBatcher;
import dev.apprentice.testing.WordHashEmbedder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Word-hash vectors under the built-in model's name, from a queue ({@link MicroBatcher}, as the built-in model's) whose
 * one worker the test can hold at a gate: after {@link #hold}, a text {@code ahead} is in the worker's hands and every
 * later text waits in the queue behind it, as behind a burst of large {@code /v1/embeddings} calls, until
 * {@link #release}. {@link #ran} says which texts the model ran, so a test sees which ones left the queue unrun.
 */
public final class GatedEmbedder implements Embedder, AutoCloseable {

  /** The text {@link #hold} puts in the worker's hands. */
  public static final String AHEAD = "ahead";

  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final List<String> queued = new CopyOnWriteArrayList<>();
  private final WordHashEmbedder vectors = new WordHashEmbedder();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(1);
  private final MicroBatcher<String, Embedding> queue = new MicroBatcher<>("gated-embedder", texts -> {
    entered.countDown();
    try {
      gate.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    ran.addAll(texts);
    return vectors.embed(texts);
  }, 32, 1);

  /**
   * Holds the model's one worker with {@link #AHEAD} until {@link #release}; returns once it has taken it, and the
   * future of its vectors.
   */
  public CompletableFuture<List<Embedding>> hold() throws InterruptedException {
    gate = new CountDownLatch(1);
    entered = new CountDownLatch(1);
    CompletableFuture<List<Embedding>> ahead = queue.submit(List.of(AHEAD));
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

  /** Every text handed to the model's queue, in order, whether it ran or not. */
  public List<String> queued() {
    return List.copyOf(queued);
  }

  @Override
  public String model() {
    return "local/all-minilm-l6-v2";
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
    return queue.process(texts);
  }

  @Override
  public CompletableFuture<List<Embedding>> submit(List<String> texts) {
    queued.addAll(texts);
    return queue.submit(texts);
  }

  /** Opens the gate and stops the worker. */
  @Override
  public void close() {
    release();
    queue.close();
  }
}
