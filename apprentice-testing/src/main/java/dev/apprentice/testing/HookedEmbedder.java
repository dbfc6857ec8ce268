package dev.apprentice.testing;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.List;
import java.util.function.Consumer;

/**
 * An embedder for tests that runs {@code before} on each batch of texts, then embeds them with {@code inner}: the hook
 * may throw (a model that fails, or overflows its stack on some text) or wait (a slow load).
 */
public record HookedEmbedder(Embedder inner, Consumer<List<String>> before) implements Embedder {

  /** Word-hash vectors behind the hook. */
  public static HookedEmbedder wordHash(Consumer<List<String>> before) {
    return new HookedEmbedder(new WordHashEmbedder(), before);
  }

  @Override
  public String model() {
    return inner.model();
  }

  @Override
  public int dimensions() {
    return inner.dimensions();
  }

  @Override
  public int maxTokens() {
    return inner.maxTokens();
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    before.accept(texts);
    return inner.embed(texts);
  }
}
