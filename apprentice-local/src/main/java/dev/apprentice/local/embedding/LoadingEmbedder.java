package dev.apprentice.local.embedding;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.api.Loading;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An embedder whose model is still loading, perhaps: {@link #ready} and {@link #embed(List, Deadline)} wait for the
 * load within the caller's deadline (past it, a {@link dev.apprentice.api.DeadlineExceededException} naming the load),
 * the rest as long as the load takes. A load that failed fails every use at once with its error.
 */
public final class LoadingEmbedder implements Embedder {

  private final Loading<? extends Embedder> loading;

  public LoadingEmbedder(Loading<? extends Embedder> loading) {
    this.loading = Objects.requireNonNull(loading, "loading");
  }

  @Override
  public Embedder ready(Deadline deadline) {
    return loading.get(deadline);
  }

  @Override
  public String model() {
    return loading.get().model();
  }

  @Override
  public int dimensions() {
    return loading.get().dimensions();
  }

  @Override
  public int maxTokens() {
    return loading.get().maxTokens();
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    return loading.get().embed(texts);
  }

  @Override
  public CompletableFuture<List<Embedding>> submit(List<String> texts) {
    return loading.get().submit(texts);
  }
}
