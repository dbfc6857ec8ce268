package dev.apprentice.api.trace;

/**
 * Token counts of one call, split the way they are priced.
 *
 * @param input       all prompt tokens, cached ones included (OpenAI's {@code prompt_tokens})
 * @param output      all completion tokens, reasoning included (OpenAI's {@code completion_tokens})
 * @param cachedInput prompt tokens read from the provider's prompt cache
 * @param cacheWrite  prompt tokens written to the provider's prompt cache (Anthropic)
 * @param reasoning   completion tokens spent on hidden reasoning
 */
public record Tokens(int input, int output, int cachedInput, int cacheWrite, int reasoning) {

  public static final Tokens NONE = new Tokens(0, 0, 0, 0, 0);

  public int total() {
    return input + output;
  }
}
