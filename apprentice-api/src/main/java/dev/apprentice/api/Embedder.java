package dev.apprentice.api;

import java.util.List;

/**
 * An embedding model every component can use in-process (the semantic cache, retrieval, guards, metrics). Thread-safe;
 * implementations batch concurrent callers. Vectors are unit length.
 */
public interface Embedder {

  /** The model's name as clients see it, e.g. {@code local/all-minilm-l6-v2}. */
  String model();

  /** Length of every vector this model makes. */
  int dimensions();

  /** The most tokens of one input the model reads; longer inputs are truncated and say so. */
  int maxTokens();

  /** One embedding per text, in order. An empty text has an embedding too. */
  List<Embedding> embed(List<String> texts);

  /** Embeds one text. */
  default Embedding embed(String text) {
    return embed(List.of(text)).getFirst();
  }
}
