package dev.apprentice.bench;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cache benchmarks' stand-in for Apprentice's own embedding model: langchain4j's in-process wrapper of the same
 * model (all-MiniLM-L6-v2), adapted to {@link Embedder}. It reports no token counts (0) and unit vectors.
 */
public final class CacheBenchEmbedder implements Embedder {

  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

  @Override
  public String model() {
    return "local/all-minilm-l6-v2";
  }

  @Override
  public int dimensions() {
    return 384;
  }

  @Override
  public int maxTokens() {
    return 256;
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    List<Embedding> out = new ArrayList<>(texts.size());
    for (var e : model.embedAll(segments).content()) out.add(new Embedding(unit(e.vector()), 0, false));
    return out;
  }

  /** Embeds many texts, a batch at a time, and returns their vectors in order. */
  public float[][] vectors(List<String> texts, int batch) {
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < texts.size(); from += batch) {
      List<Embedding> part = embed(texts.subList(from, Math.min(texts.size(), from + batch)));
      for (int i = 0; i < part.size(); i++) out[from + i] = part.get(i).vector();
    }
    return out;
  }

  /**
   * Like {@link #vectors(List, int)}, kept in {@code file} for the next run: a file made from other texts (or by
   * another model) is made again.
   */
  public float[][] vectors(List<String> texts, Path file) throws IOException {
    byte[] digest = digest(texts);
    if (Files.exists(file)) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        byte[] stored = in.readNBytes(digest.length);
        if (Arrays.equals(stored, digest) && in.readInt() == texts.size() && in.readInt() == dimensions()) {
          float[][] out = new float[texts.size()][dimensions()];
          for (float[] v : out) for (int d = 0; d < v.length; d++) v[d] = in.readFloat();
          return out;
        }
      }
    }
    float[][] out = vectors(texts, 64);
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      o.write(digest);
      o.writeInt(texts.size());
      o.writeInt(dimensions());
      for (float[] v : out) for (float x : v) o.writeFloat(x);
    }
    return out;
  }

  private byte[] digest(List<String> texts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(model().getBytes(StandardCharsets.UTF_8));
      for (String t : texts) sha.update((t + "\n").getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) sum += (double) x * x;
    float[] out = v.clone();
    if (sum > 0) for (int i = 0; i < out.length; i++) out[i] = (float) (out[i] / Math.sqrt(sum));
    return out;
  }
}
