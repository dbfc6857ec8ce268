package dev.apprentice.api;

import java.util.List;

/**
 * Embedding vectors in input order, with the model that made them and the tokens it counted.
 *
 * @param truncated indexes of the inputs that were longer than the model's window and were cut (an Apprentice
 *                  extension; empty for remote providers)
 */
public record EmbeddingResponse(String model, List<float[]> vectors, int promptTokens, List<Integer> truncated) {

  public EmbeddingResponse {
    truncated = truncated == null ? List.of() : List.copyOf(truncated);
  }

  public EmbeddingResponse(String model, List<float[]> vectors, int promptTokens) {
    this(model, vectors, promptTokens, List.of());
  }
}
