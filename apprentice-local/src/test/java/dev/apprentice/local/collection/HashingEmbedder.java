package dev.apprentice.local.collection;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake embedder for tests: each word adds ±1 to a dimension chosen by its hash, then the vector is scaled to unit
 * length. Texts sharing words are near; the same text always gets the same vector. Counts its calls.
 */
final class HashingEmbedder implements Embedder {

  private final String model;
  private final int dimensions;
  private final int window;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger texts = new AtomicInteger();
  /** Every text embedded, in order. */
  final List<String> embedded = new CopyOnWriteArrayList<>();

  HashingEmbedder() {
    this("test/hashing", 64);
  }

  HashingEmbedder(String model, int dimensions) {
    this(model, dimensions, Integer.MAX_VALUE);
  }

  /**
   * One that, as a real model does, reads only the first {@code window} words of a longer text, and says it was
   * truncated.
   */
  static HashingEmbedder windowed(int window) {
    return new HashingEmbedder("test/hashing", 64, window);
  }

  private HashingEmbedder(String model, int dimensions, int window) {
    this.model = model;
    this.dimensions = dimensions;
    this.window = window;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public int maxTokens() {
    return 256;
  }

  /** Counted as a tokenizer would, without embedding: more words than the window. */
  @Override
  public boolean overWindow(String text) {
    return words(text) > window;
  }

  @Override
  public List<Embedding> embed(List<String> batch) {
    calls.incrementAndGet();
    texts.addAndGet(batch.size());
    embedded.addAll(batch);
    List<Embedding> out = new ArrayList<>(batch.size());
    for (String text : batch) out.add(vector(text));
    return out;
  }

  private Embedding vector(String text) {
    float[] v = new float[dimensions];
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    int count = 0;
    for (String word : words) {
      if (word.isEmpty() || count >= window) continue;
      int h = word.hashCode() * 0x9E3779B1;
      v[Math.floorMod(h, dimensions)] += (h >>> 31) == 0 ? 1 : -1;
      count++;
    }
    double norm = 0;
    for (float x : v) norm += x * x;
    if (norm == 0) {
      v[0] = 1;
      norm = 1;
    }
    for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(norm);
    return new Embedding(v, count + 2, count > maxTokens() || words(text) > window);
  }

  private static long words(String text) {
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).count();
  }
}
