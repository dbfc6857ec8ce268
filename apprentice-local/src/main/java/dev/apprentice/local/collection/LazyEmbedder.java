package dev.apprentice.local.collection;

import dev.apprentice.api.Embedder;
import java.util.function.Supplier;

/** The embedder, asked of its supplier on first need and kept; a failure is not kept, so a later call tries again. */
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
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          throw new CollectionException(CollectionException.Reason.UNAVAILABLE, null,
              "the embedding model for collections could not be loaded: " + why, e);
        }
      }
      return loaded;
    }
  }
}
