package dev.apprentice.gateway.cache;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.gateway.Call;

/**
 * Finds the values in a call that make its cache entry one caller's own: personal data and secrets written out, not
 * replaced by a redacting guard's placeholders. The semantic tier answers a paraphrase, which may name other values
 * or none, with the entry of a question that named these: such a call is answered and kept by the exact tier only
 * (an exact hit means the same values). Each method answers with the reason to record
 * ({@link dev.apprentice.api.trace.TraceDetails#PII_IN_PROMPT} …), or null when there is nothing of the kind.
 */
public interface PrivateValues {

  /** Finds nothing: every prompt and answer may be shared by meaning. */
  PrivateValues NONE = new PrivateValues() {
    @Override
    public String check(String model) {
      return "none";
    }

    @Override
    public String inPrompt(Call call, String prompt) {
      return null;
    }

    @Override
    public String inAnswer(Call call, ChatRequest request, ChatResponse answer) {
      return null;
    }
  };

  /**
   * The identity of the check a model's calls get: a short fingerprint of what decides what it finds (the settings it
   * reads with, and the way it reads), or null when it reads none of that model's calls. An answer that passes is
   * kept marked with it ({@link dev.apprentice.api.cache.CachedAnswer#privacyCheck}); a semantic hit on an entry
   * marked with another (checked under narrower settings, say) or none is read again before it is served. Asked on
   * every call of a model that caches by meaning, so it must be cheap: worked out once, not per call.
   */
  String check(String model);

  /**
   * Why {@code prompt}, the last user turn the semantic tier compares (as the cache sees it: after a guard's
   * redaction), must not be answered or kept by meaning; null when it may.
   */
  String inPrompt(Call call, String prompt);

  /**
   * Why {@code answer} must not be shared by meaning with {@code request} (as the cache sees it): it holds a value the
   * request does not, which the model made up, leaked, or read in a form the prompt's check missed; null when it may.
   * Asked of a fresh answer as its call ends, before the trace is written (such an answer is kept for exact matches
   * only), and of a semantic hit before it is served (such a hit is not).
   */
  String inAnswer(Call call, ChatRequest request, ChatResponse answer);
}
