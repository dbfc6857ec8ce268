package dev.apprentice.local.cache;

import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedder whose vectors the test chooses: a prompt it was told about gets that vector; any other gets a random one
 * seeded by the text (random vectors of 64 dimensions are nearly orthogonal, so they never match by accident).
 */
final class FakeEmbedder implements Embedder {

  static final int DIMENSIONS = 64;

  /** Texts longer than this many characters are "over the window": embedded from their start only, and say so. */
  static final int WINDOW_CHARS = 200;

  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
  private final AtomicInteger texts = new AtomicInteger();
  private volatile boolean broken;
  private volatile boolean closed;

  /** Unit vector along one axis. */
  static float[] axis(int i) {
    float[] v = new float[DIMENSIONS];
    v[i] = 1f;
    return v;
  }

  /** A unit vector whose cosine with {@code axis(i)} is exactly {@code cosine} (it leans towards {@code axis(j)}). */
  static float[] near(int i, int j, double cosine) {
    float[] v = new float[DIMENSIONS];
    v[i] = (float) cosine;
    v[j] = (float) Math.sqrt(1 - cosine * cosine);
    return v;
  }

  /** From now on, {@code text} embeds as {@code vector}. */
  FakeEmbedder say(String text, float[] vector) {
    vectors.put(text, vector);
    return this;
  }

  /** Makes every later call fail. */
  void breakDown() {
    broken = true;
  }

  /** Refuses every later call as a closed in-process model does while the server shuts down. */
  void close() {
    closed = true;
  }

  /** How many texts were embedded so far. */
  int embedded() {
    return texts.get();
  }

  @Override
  public String model() {
    return "fake/embedder";
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public int maxTokens() {
    return 512;
  }

  @Override
  public List<Embedding> embed(List<String> input) {
    if (closed) throw new ClosedException("the local models are closed");
    if (broken) throw new IllegalStateException("the embedder is down");
    texts.addAndGet(input.size());
    return input.stream().map(t -> {
      boolean truncated = t.length() > WINDOW_CHARS;
      String read = truncated ? t.substring(0, WINDOW_CHARS) : t;
      return new Embedding(vectors.computeIfAbsent(read, FakeEmbedder::random), 1, truncated);
    }).toList();
  }

  private static float[] random(String text) {
    Random random = new Random(text.hashCode());
    float[] v = new float[DIMENSIONS];
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      sum += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(sum);
    return v;
  }
}
