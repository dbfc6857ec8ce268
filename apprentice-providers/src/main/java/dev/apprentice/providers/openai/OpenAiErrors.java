package dev.apprentice.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.providers.http.ErrorClassifier;
import dev.apprentice.providers.http.ProviderJson;

/**
 * Reads the {@code code} and {@code type} of OpenAI-style error bodies where the status alone misleads: a 429
 * {@code insufficient_quota} (the account is out of credit or past its spending limit) does not pass like a rate
 * limit, so it is not retried but falls back, as Anthropic's {@code billing_error} does.
 */
final class OpenAiErrors implements ErrorClassifier {

  static final OpenAiErrors INSTANCE = new OpenAiErrors();

  private static final String INSUFFICIENT_QUOTA = "insufficient_quota";

  private OpenAiErrors() {}

  @Override
  public Kind refine(int status, String body, Kind byStatus) {
    if (body == null || !body.strip().startsWith("{")) return byStatus;
    try {
      JsonNode error = ProviderJson.MAPPER.readTree(body).path("error");
      boolean outOfQuota = INSUFFICIENT_QUOTA.equals(error.path("code").asText())
          || INSUFFICIENT_QUOTA.equals(error.path("type").asText());
      return outOfQuota ? Kind.OUT_OF_CREDIT : byStatus;
    } catch (Exception e) {
      return byStatus;
    }
  }
}
