package dev.apprentice.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.providers.http.ErrorClassifier;
import dev.apprentice.providers.http.ProviderJson;

/**
 * Classifies Anthropic's typed errors, {@code {"type":"error","error":{"type":"overloaded_error","message":..}}},
 * whether they come as an HTTP error body or as an {@code error} event in the middle of a stream.
 */
final class AnthropicErrors implements ErrorClassifier {

  static final AnthropicErrors INSTANCE = new AnthropicErrors();

  private AnthropicErrors() {}

  /** The error type decides where it names one we know; otherwise the status does. */
  @Override
  public Kind refine(int status, String body, Kind byStatus) {
    if (body == null || !body.strip().startsWith("{")) return byStatus;
    try {
      return kindOf(ProviderJson.MAPPER.readTree(body).path("error").path("type").asText(""), byStatus);
    } catch (Exception e) {
      return byStatus;
    }
  }

  /** The failure an error object announces after a 200 status: an {@code error} event mid-stream, usually. */
  static ProviderException typedError(String providerName, JsonNode event) {
    JsonNode error = event.path("error");
    String type = error.path("type").asText("unknown_error");
    String message = error.path("message").asText("no message");
    return new ProviderException(kindOf(type, Kind.SERVER_ERROR), 0,
        providerName + " reported " + type + ": " + message, null, null);
  }

  /** Anthropic's documented error types, mapped to what the router may do about them. */
  static Kind kindOf(String errorType, Kind fallback) {
    return switch (errorType) {
      case "overloaded_error" -> Kind.OVERLOADED;
      case "rate_limit_error" -> Kind.RATE_LIMITED;
      case "api_error" -> Kind.SERVER_ERROR;
      case "timeout_error" -> Kind.TIMEOUT;
      case "authentication_error", "permission_error" -> Kind.AUTHENTICATION;
      case "billing_error" -> Kind.OUT_OF_CREDIT;
      case "not_found_error" -> Kind.NOT_FOUND;
      case "invalid_request_error", "request_too_large" -> Kind.INVALID_REQUEST;
      default -> fallback;
    };
  }
}
