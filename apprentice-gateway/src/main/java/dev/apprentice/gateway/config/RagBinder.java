package dev.apprentice.gateway.config;

import dev.apprentice.api.retrieval.CollectionName;

/** Reads a model's {@code rag:} block. */
final class RagBinder {

  static final int DEFAULT_K = 4;
  /** The largest context budget: a million tokens, the largest context window of current models. */
  static final int MAX_CONTEXT_TOKENS = 1_000_000;

  private RagBinder() {}

  /** The model's retrieval settings, or null when it has no {@code rag:} block. */
  static RagSettings read(Section model) {
    if (!model.has("rag")) return null;
    Section s = model.section("rag");
    String collection = s.requiredString("collection");
    if (!collection.isBlank() && !CollectionName.isValid(collection)) {
      s.problems().add(s.pathOf("collection"), CollectionName.RULE + "; got '" + collection + "'");
    }
    int k = s.integer("k", DEFAULT_K, 1, 50);
    double minScore = s.number("min_score", -1, -1, false, 1);
    int maxContextTokens = s.integer("max_context_tokens", RagSettings.DEFAULT_MAX_CONTEXT_TOKENS, 100,
        MAX_CONTEXT_TOKENS);
    String template = s.string("template", RagSettings.DEFAULT_TEMPLATE);
    if (!template.contains(RagSettings.CONTEXT)) {
      s.problems().add(s.pathOf("template"), "must contain " + RagSettings.CONTEXT + " where the retrieved chunks go");
    }
    s.finish();
    return new RagSettings(collection, k, minScore, template, maxContextTokens);
  }
}
