package dev.apprentice.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An embedding model every component can use in-process (the semantic cache, retrieval, guards, metrics). Thread-safe;
 * implementations batch concurrent callers. Vectors are unit length.
 */
public interface Embedder {

  /** The model's name as clients see it, e.g. {@code local/all-minilm-l6-v2}. */
  String model();

  /** Length of every vector this model makes. */
  int dimensions();

  /** The most tokens of one input the model reads; longer inputs are truncated and say so. */
  int maxTokens();

  /**
   * Whether {@code text} is known to have more tokens than {@link #maxTokens()}, counted by the model's tokenizer
   * without embedding it, so that a caller that would cut a long text (a long query, searched piece by piece) need not
   * embed it whole first. False when it fits, and by default: an embedder without a tokenizer at hand cannot tell
   * before embedding, and its {@link Embedding#truncated()} says so then.
   */
  default boolean overWindow(String text) {
    return false;
  }

  /** One embedding per text, in order. An empty text has an embedding too. */
  List<Embedding> embed(List<String> texts);

  /**
   * One embedding per text, in order, for a caller that may stop waiting: cancelling the future (the caller's deadline
   * passed, its client left) drops the texts no model run has taken yet, and a run already under way finishes with its
   * vectors discarded. Embedders that queue their callers override this; by default the texts are embedded on the
   * calling thread, and the future is complete when it is returned.
   */
  default CompletableFuture<List<Embedding>> submit(List<String> texts) {
    try {
      return CompletableFuture.completedFuture(embed(texts));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * One embedding per text, in order, waited for within {@code deadline} ({@link Deadline#await}): past it, or once its
   * caller leaves, the texts no model run has taken leave the queue and this throws
   * {@link DeadlineExceededException} or {@link java.util.concurrent.CancellationException}. Texts whose time is
   * already up are not queued at all.
   */
  default List<Embedding> embed(List<String> texts, Deadline deadline) {
    Embedder model = ready(deadline);
    return deadline.await(() -> model.submit(texts));
  }

  /**
   * The embedder that embeds, once it can, waited for within {@code deadline}: one whose model is still loading
   * ({@link Loading}) waits for the load until the deadline at most, then throws {@link DeadlineExceededException}
   * naming it ({@link java.util.concurrent.CancellationException} once the caller left), and one whose load failed
   * throws that failure at once. Ask for it before {@link #model()} or {@link #dimensions()}, which wait as long as the
   * load takes. By default this embedder, at once.
   */
  default Embedder ready(Deadline deadline) {
    return this;
  }

  /** Embeds one text. */
  default Embedding embed(String text) {
    return embed(List.of(text)).getFirst();
  }
}
