package dev.apprentice.guard.injection;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.testing.WordHashEmbedder;
import java.util.List;

/** The word-hash embedder, counting the texts and the characters it is asked to embed. */
final class CountingEmbedder implements Embedder {

  private final WordHashEmbedder embedder = new WordHashEmbedder();
  int texts;
  int chars;

  @Override
  public String model() {
    return embedder.model();
  }

  @Override
  public int dimensions() {
    return embedder.dimensions();
  }

  @Override
  public int maxTokens() {
    return embedder.maxTokens();
  }

  @Override
  public List<Embedding> embed(List<String> batch) {
    texts += batch.size();
    for (String text : batch) chars += text.length();
    return embedder.embed(batch);
  }
}
