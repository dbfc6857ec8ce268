package dev.apprentice.api;

import java.util.List;

/** Embedding vectors in input order, with the model that made them and the tokens it counted. */
public record EmbeddingResponse(String model, List<float[]> vectors, int promptTokens) {}
