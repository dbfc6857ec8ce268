package dev.apprentice.local.embedding;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An embedder that asks its supplier for the real one at each use, so that handing it to a component at start
 * (the response cache, say) loads nothing until something is embedded. {@link #ready} asks it within the caller's
 * deadline, so that a call does not wait past it for a model still loading.
 */
public record LazyEmbedder(Supplier<Embedder> supplier) implements Embedder {

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

  @Override
  public CompletableFuture<List<Embedding>> submit(List<String> texts) {
    return supplier.get().submit(texts);
  }

  @Override
  public Embedder ready(Deadline deadline) {
    return supplier.get().ready(deadline);
  }
}
