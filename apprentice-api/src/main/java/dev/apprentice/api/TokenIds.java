package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Embedding inputs given as token ids instead of text, as OpenAI's embeddings API takes them (LangChain's
 * {@code OpenAIEmbeddings} sends them by default): one array of integers (one input) or an array of such arrays.
 * Serialises back to the shape it was read from. Only the tokenizer of the model that reads them gives them a
 * meaning, so they go on unchanged to OpenAI-type upstreams and nowhere else.
 *
 * @param inputs the inputs' token ids, one array per input
 * @param nested true when the request held an array of arrays; false for a single array of integers
 */
public record TokenIds(List<int[]> inputs, boolean nested) {

  public TokenIds {
    inputs = List.copyOf(inputs);
    if (!nested && inputs.size() != 1) throw new IllegalArgumentException("a single token array is one input");
  }

  /** How many token ids the inputs hold together. */
  public long count() {
    long total = 0;
    for (int[] input : inputs) total += input.length;
    return total;
  }

  @JsonValue
  public Object json() {
    return nested ? inputs : inputs.getFirst();
  }
}
