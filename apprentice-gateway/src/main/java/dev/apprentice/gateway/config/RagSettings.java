package dev.apprentice.gateway.config;

import java.util.Objects;

/**
 * A model's {@code rag:} block: before the call, the {@code k} chunks of {@code collection} nearest to the last user
 * turn (with a score of at least {@code minScore}) are put into the system prompt through {@code template}, whose
 * {@code {{context}}} stands for the chunks.
 */
public record RagSettings(String collection, int k, double minScore, String template) {

  public static final String CONTEXT = "{{context}}";
  public static final String DEFAULT_TEMPLATE =
      "Answer using the context below when it is relevant. Each passage starts with its source in brackets.\n\n"
          + CONTEXT;

  public RagSettings {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(template, "template");
  }

  /**
   * How these settings build the prompt besides the collection's contents: {@code k}, {@code min_score} and the
   * template. A retrieving model's cached answers are keyed by it, so changing any of them retires the answers made
   * the old way.
   */
  public String promptRecipe() {
    return "k=" + k + " min_score=" + minScore + " template=" + template;
  }
}
