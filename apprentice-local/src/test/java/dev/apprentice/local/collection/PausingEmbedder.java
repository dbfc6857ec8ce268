package dev.apprentice.local.collection;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The {@link HashingEmbedder}, whose first batch waits until {@link #goOn} once it has said it is {@link #embedding}:
 * a call caught while it embeds, on purpose. Later batches run at once.
 */
final class PausingEmbedder implements Embedder {

  private final HashingEmbedder words = new HashingEmbedder();
  private final CountDownLatch embedding = new CountDownLatch(1);
  private final CountDownLatch goOn = new CountDownLatch(1);

  /** Waits until the first batch is being embedded. */
  void awaitEmbedding() throws InterruptedException {
    embedding.await();
  }

  /** Lets the first batch (and every later one) go on. */
  void goOn() {
    goOn.countDown();
  }

  @Override
  public String model() {
    return words.model();
  }

  @Override
  public int dimensions() {
    return words.dimensions();
  }

  @Override
  public int maxTokens() {
    return words.maxTokens();
  }

  @Override
  public List<Embedding> embed(List<String> batch) {
    embedding.countDown();
    try {
      goOn.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return words.embed(batch);
  }
}
