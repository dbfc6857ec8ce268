package dev.apprentice.server.local;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.List;
import java.util.function.Supplier;

/** An embedder that asks its supplier for the real one at each use, so that nothing is loaded before it is needed. */
record SuppliedEmbedder(Supplier<Embedder> supplier) implements Embedder {

  @Override
  public String model() {
    return supplier.get().model();
  }

  @Override
  public int dimensions() {
    return supplier.get().dimensions();
  }

  @Override
  public int maxTokens() {
    return supplier.get().maxTokens();
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    return supplier.get().embed(texts);
  }
}
