package dev.apprentice.api;

import java.util.List;

/**
 * Embedding vectors in input order, with the model that made them and the tokens it counted.
 *
 * @param promptTokens the tokens the provider reported ({@code usage.prompt_tokens}), 0 for an answer that used none;
 *                     null when the provider reported no usage (some OpenAI-compatible servers leave it out), for the
 *                     gateway to count itself
 * @param truncated    indexes of the inputs that were longer than the model's window and were cut (an Apprentice
 *                     extension; empty for remote providers)
 */
public record EmbeddingResponse(String model, List<float[]> vectors, Integer promptTokens, List<Integer> truncated) {

  public EmbeddingResponse {
    truncated = truncated == null ? List.of() : List.copyOf(truncated);
  }

  public EmbeddingResponse(String model, List<float[]> vectors, Integer promptTokens) {
    this(model, vectors, promptTokens, List.of());
  }
}
