package dev.apprentice.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.providers.http.ErrorClassifier;
import dev.apprentice.providers.http.ProviderJson;

/**
 * Reads the {@code code} and {@code type} of OpenAI-style error bodies where the status alone misleads: a 429
 * {@code insufficient_quota} (the account is out of credit or past its spending limit) does not pass like a rate
 * limit, so it is not retried but falls back, as Anthropic's {@code billing_error} does. And Groq's 413 with code
 * {@code rate_limit_exceeded} ("Request too large for model ... on tokens per minute (TPM): Limit 6000, Requested
 * 14368") blames the account's tier, not the request: another target may serve it, so it falls back (not retried:
 * the request alone is over the limit, and not counted on the target's circuit), where a 413 would otherwise be the
 * request's fault. Only a 413 is read so: a 400 or 422 with that code is the request's fault still.
 */
final class OpenAiErrors implements ErrorClassifier {

  static final OpenAiErrors INSTANCE = new OpenAiErrors();

  private static final String INSUFFICIENT_QUOTA = "insufficient_quota";
  private static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
  private static final int CONTENT_TOO_LARGE = 413;

  private OpenAiErrors() {}

  @Override
  public Kind refine(int status, String body, Kind byStatus) {
    if (body == null || !body.strip().startsWith("{")) return byStatus;
    try {
      JsonNode error = ProviderJson.MAPPER.readTree(body).path("error");
      boolean outOfQuota = INSUFFICIENT_QUOTA.equals(error.path("code").asText())
          || INSUFFICIENT_QUOTA.equals(error.path("type").asText());
      if (outOfQuota) return Kind.OUT_OF_CREDIT;
      boolean overTierLimit = status == CONTENT_TOO_LARGE && RATE_LIMIT_EXCEEDED.equals(error.path("code").asText());
      return overTierLimit ? Kind.OVER_TARGET_LIMIT : byStatus;
    } catch (Exception e) {
      return byStatus;
    }
  }
}
