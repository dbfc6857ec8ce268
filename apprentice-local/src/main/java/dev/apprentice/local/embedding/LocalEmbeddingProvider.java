package dev.apprentice.local.embedding;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.api.EmbeddingProvider;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.EmbeddingResponse;
import dev.apprentice.api.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The embedding provider {@value #NAME}: answers embedding requests with an in-process {@link Embedder}, counting the
 * tokens it read and listing the inputs it truncated. The embedder is asked for on each call, so it may be loaded
 * lazily.
 */
public final class LocalEmbeddingProvider implements EmbeddingProvider {

  public static final String NAME = "local";

  private final Supplier<? extends Embedder> embedder;

  public LocalEmbeddingProvider(Supplier<? extends Embedder> embedder) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
  }

  public LocalEmbeddingProvider(Embedder embedder) {
    this(() -> embedder);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Accepts the model by its full name ({@code local/all-minilm-l6-v2}) or without the {@code local/} prefix. */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallContext context) throws ProviderException {
    if (context.expired()) {
      throw ProviderException.notSent(ProviderException.Kind.TIMEOUT, "the deadline had passed before the model ran");
    }
    Embedder model;
    try {
      model = embedder.get();
    } catch (RuntimeException e) {
      throw new ProviderException(ProviderException.Kind.SERVER_ERROR, "the local model could not be loaded: "
          + e.getMessage(), e);
    }
    String name = request.model();
    if (name != null && !name.equals(model.model()) && !model.model().equals(NAME + "/" + name)) {
      throw new ProviderException(ProviderException.Kind.NOT_FOUND, 404, "the local provider has no model '" + name
          + "'; it serves " + model.model());
    }
    if (request.dimensions() != null && request.dimensions() != model.dimensions()) {
      throw new ProviderException(ProviderException.Kind.INVALID_REQUEST, 400, model.model() + " makes vectors of "
          + model.dimensions() + " dimensions; 'dimensions' may only be " + model.dimensions());
    }
    List<Embedding> embeddings;
    try {
      embeddings = model.embed(request.input());
    } catch (RuntimeException e) {
      throw new ProviderException(ProviderException.Kind.SERVER_ERROR, "the local model failed: " + e.getMessage(), e);
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    List<Integer> truncated = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < embeddings.size(); i++) {
      Embedding embedding = embeddings.get(i);
      vectors.add(embedding.vector());
      tokens += embedding.tokens();
      if (embedding.truncated()) truncated.add(i);
    }
    return new EmbeddingResponse(model.model(), vectors, tokens, truncated);
  }
}
