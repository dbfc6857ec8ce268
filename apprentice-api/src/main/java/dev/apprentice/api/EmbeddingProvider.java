package dev.apprentice.api;

/** A source of embedding vectors, remote or in-process. */
public interface EmbeddingProvider {

  String name();

  EmbeddingResponse embed(EmbeddingRequest request, CallContext context) throws ProviderException;
}
