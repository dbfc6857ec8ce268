package dev.apprentice.api.cache;

import java.util.Objects;

/**
 * Where a request's answer is kept.
 *
 * @param tenant  entries of one tenant are never seen by another
 * @param model   the model alias
 * @param exact   a hash of the whole normalised request (model, messages, tools, the parameters that change the
 *                answer)
 * @param context a hash of everything but the last user turn (system prompt, earlier turns, tools, parameters):
 *                semantic matches are only sought among entries with the same context
 * @param prompt  the last user turn's text, whose meaning the semantic tier compares
 */
public record CacheKey(String tenant, String model, String exact, String context, String prompt) {

  public CacheKey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(exact, "exact");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(prompt, "prompt");
  }
}
