package dev.apprentice.eval.metric.semantic;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code semantic_similarity} (SemScore): the cosine similarity of the output's embedding and the reference's, the
 * best over several references, with the injected embedding model (the local all-MiniLM-L6-v2 by default). In
 * [-1, 1], near 1 for paraphrases. The model is asked for on first use.
 */
public final class SemanticSimilarity implements CaseMetric {

  private final Supplier<Embedder> embedder;

  public SemanticSimilarity(Supplier<Embedder> embedder) {
    this.embedder = embedder;
  }

  @Override
  public String name() {
    return "semantic_similarity";
  }

  @Override
  public Measurement measure(EvalCase item) {
    if (item.references().isEmpty()) return Measurement.unscored("the item has no reference");
    List<String> texts = new ArrayList<>(item.references().size() + 1);
    texts.add(item.output());
    texts.addAll(item.references());
    List<Embedding> vectors = embedder.get().embed(texts);
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 1; i < vectors.size(); i++) best = Math.max(best, cosine(vectors.getFirst(), vectors.get(i)));
    return Measurement.of(best);
  }

  /** Cosine similarity, normalising in case a model's vectors are not unit length. */
  static double cosine(Embedding a, Embedding b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    float[] x = a.vector();
    float[] y = b.vector();
    for (int i = 0; i < x.length; i++) {
      dot += x[i] * y[i];
      na += x[i] * x[i];
      nb += y[i] * y[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
