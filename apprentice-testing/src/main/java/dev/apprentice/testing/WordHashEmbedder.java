package dev.apprentice.testing;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.List;
import java.util.Locale;

/** A fake embedder for tests: each word adds ±1 to a dimension picked by its hash; vectors are unit length. */
public final class WordHashEmbedder implements Embedder {

  @Override
  public String model() {
    return "test/word-hash";
  }

  @Override
  public int dimensions() {
    return 64;
  }

  @Override
  public int maxTokens() {
    return 256;
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    return texts.stream().map(WordHashEmbedder::vector).toList();
  }

  private static Embedding vector(String text) {
    float[] v = new float[64];
    int words = 0;
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) continue;
      int h = word.hashCode() * 0x9E3779B1;
      v[Math.floorMod(h, 64)] += h < 0 ? -1 : 1;
      words++;
    }
    double norm = 0;
    for (float x : v) norm += x * x;
    if (norm == 0) {
      v[0] = 1;
      norm = 1;
    }
    for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(norm);
    return new Embedding(v, words + 2, false);
  }
}
