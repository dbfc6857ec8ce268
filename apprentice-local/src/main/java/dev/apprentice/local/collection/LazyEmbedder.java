package dev.apprentice.local.collection;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Loading;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * The embedder, asked of its supplier on first need and kept; a failure is not kept, so a later call asks again (a
 * model whose load failed answers that failure at once: {@link Loading}).
 */
final class LazyEmbedder {

  private final Supplier<Embedder> supplier;
  private volatile Embedder loaded;

  LazyEmbedder(Supplier<Embedder> supplier) {
    this.supplier = supplier;
  }

  Embedder get() {
    Embedder embedder = loaded;
    if (embedder != null) return embedder;
    synchronized (this) {
      if (loaded == null) {
        try {
          loaded = java.util.Objects.requireNonNull(supplier.get(), "the embedder supplier gave null");
        } catch (RuntimeException e) {
          throw unavailable(e);
        }
      }
      return loaded;
    }
  }

  /**
   * The embedder once it can embed, waited for within {@code deadline} ({@link Embedder#ready}): past it a
   * {@link DeadlineExceededException} naming what was still loading, once the caller left a
   * {@link CancellationException}.
   */
  Embedder ready(Deadline deadline) {
    Embedder embedder = get();
    try {
      return embedder.ready(deadline);
    } catch (DeadlineExceededException | CancellationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  private static CollectionException unavailable(RuntimeException e) {
    return new CollectionException(CollectionException.Reason.UNAVAILABLE, null,
        "the embedding model for collections could not be loaded: " + Loading.why(e), e);
  }
}
