package dev.apprentice.local.collection;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;

/**
 * all-MiniLM-L6-v2 through langchain4j's own in-process wrapper, as an {@link Embedder} for tests that need real
 * sentence meaning. Texts of a batch are embedded in parallel, one by one (the wrapper's per-text token counts).
 * The wrapper never truncates: it averages the windows of a long text.
 */
final class MiniLmTestEmbedder implements Embedder {

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
    return 510;
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    return texts.parallelStream().map(this::one).toList();
  }

  private Embedding one(String text) {
    Response<dev.langchain4j.data.embedding.Embedding> answer = model.embed(text);
    float[] vector = answer.content().vector();
    double sum = 0;
    for (float v : vector) sum += v * v;
    float scale = (float) (1 / Math.sqrt(sum));
    for (int i = 0; i < vector.length; i++) vector[i] *= scale;
    Integer tokens = answer.tokenUsage() == null ? null : answer.tokenUsage().inputTokenCount();
    return new Embedding(vector, tokens == null ? 0 : tokens, false);
  }
}
