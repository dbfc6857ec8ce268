package dev.apprentice.local.embedding;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.api.EmbeddingProvider;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.EmbeddingResponse;
import dev.apprentice.api.Loading;
import dev.apprentice.api.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The embedding provider {@value #NAME}: answers embedding requests with an in-process {@link Embedder}, counting the
 * tokens it read and listing the inputs it truncated. The embedder is asked for on each call, so it may be loaded
 * lazily; a call waits for one still loading no longer than its deadline ({@link Embedder#ready}).
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
    return embed(request, context, new CompletableFuture<>());
  }

  /**
   * As {@link #embed(EmbeddingRequest, CallContext)}, waiting for the model until the context's deadline at most
   * ({@link ProviderException.Kind#TIMEOUT} then) or until {@code abandoned} completes — the caller left —
   * ({@link ProviderException.Kind#CANCELLED}); either way the request's texts no model run has taken are dropped
   * from the embedder's queue, and a run under way finishes with its vectors discarded.
   */
  public EmbeddingResponse embed(EmbeddingRequest request, CallContext context, CompletionStage<?> abandoned)
      throws ProviderException {
    if (context.expired()) {
      throw ProviderException.notSent(ProviderException.Kind.TIMEOUT, "the deadline had passed before the model ran");
    }
    Embedder model = ready(Deadline.at(context.deadlineNanos(), abandoned));
    String name = request.model();
    if (name != null && !name.equals(model.model()) && !model.model().equals(NAME + "/" + name)) {
      throw new ProviderException(ProviderException.Kind.NOT_FOUND, 404, "the local provider has no model '" + name
          + "'; it serves " + model.model());
    }
    if (request.dimensions() != null && request.dimensions() != model.dimensions()) {
      throw new ProviderException(ProviderException.Kind.INVALID_REQUEST, 400, model.model() + " makes vectors of "
          + model.dimensions() + " dimensions; 'dimensions' may only be " + model.dimensions());
    }
    List<Embedding> embeddings = awaited(model, request.input(), context, abandoned);
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

  /**
   * The model once it has loaded, waited for until the deadline at most: past it a {@link ProviderException.Kind#TIMEOUT}
   * whose cause names what was still loading ({@link DeadlineExceededException#loading()}); a load that failed fails
   * at once.
   */
  private Embedder ready(Deadline deadline) throws ProviderException {
    try {
      return embedder.get().ready(deadline);
    } catch (DeadlineExceededException e) {
      throw new ProviderException(ProviderException.Kind.TIMEOUT, e.getMessage(), e);
    } catch (CancellationException e) {
      throw ProviderException.notSent(ProviderException.Kind.CANCELLED, Thread.currentThread().isInterrupted()
          ? "interrupted while waiting for the model to load" : "abandoned, the client went away");
    } catch (RuntimeException e) {
      throw failed("could not be loaded: " + Loading.why(e), e);
    }
  }

  private static List<Embedding> awaited(Embedder model, List<String> texts, CallContext context,
      CompletionStage<?> abandoned) throws ProviderException {
    try {
      return model.embed(texts, Deadline.at(context.deadlineNanos(), abandoned));
    } catch (DeadlineExceededException e) {
      throw new ProviderException(ProviderException.Kind.TIMEOUT, "the local model did not answer in time", null);
    } catch (CancellationException e) {
      throw ProviderException.notSent(ProviderException.Kind.CANCELLED, Thread.currentThread().isInterrupted()
          ? "interrupted while waiting for the model" : "abandoned, the client went away");
    } catch (RuntimeException e) {
      throw failed("failed: " + e.getMessage(), e);
    }
  }

  /**
   * A {@link ProviderException.Kind#SERVER_ERROR} saying how the local model failed; one that was closed (the server
   * shutting down) says so instead, its {@link ClosedException} kept as the cause it is found by.
   */
  private static ProviderException failed(String how, RuntimeException e) {
    ClosedException closed = ClosedException.within(e);
    if (closed != null) {
      return new ProviderException(ProviderException.Kind.SERVER_ERROR, closed.refusal().getMessage(), closed);
    }
    return new ProviderException(ProviderException.Kind.SERVER_ERROR, "the local model " + how, e);
  }
}
