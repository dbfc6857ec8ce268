package dev.apprentice.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.providers.http.ErrorClassifier;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.providers.http.Upstream;
import java.util.Locale;

/**
 * Classifies Anthropic's typed errors, {@code {"type":"error","error":{"type":"overloaded_error","message":..}}},
 * whether they come as an HTTP error body or as an {@code error} event in the middle of a stream.
 */
final class AnthropicErrors implements ErrorClassifier {

  static final AnthropicErrors INSTANCE = new AnthropicErrors();

  /** Part of the message of Anthropic's 400 for an account out of credit, lower case. */
  private static final String CREDIT_TOO_LOW = "credit balance is too low";

  private AnthropicErrors() {}

  /** The error type decides where it names one we know; otherwise the status does. */
  @Override
  public Kind refine(int status, String body, Kind byStatus) {
    if (body == null || !body.strip().startsWith("{")) return byStatus;
    try {
      JsonNode error = ProviderJson.MAPPER.readTree(body).path("error");
      return kindOf(error.path("type").asText(""), error.path("message").asText(""), byStatus);
    } catch (Exception e) {
      return byStatus;
    }
  }

  /**
   * The failure an error object announces after a 200 status: an {@code error} event mid-stream, usually. It carries
   * Anthropic's own message ({@link ProviderException#upstreamError}), which a stream broken by it ends with.
   */
  static ProviderException typedError(Upstream upstream, JsonNode event) {
    JsonNode error = event.path("error");
    String type = error.path("type").asText("unknown_error");
    String message = error.path("message").asText("no message");
    return ProviderException.answered(kindOf(type, message, Kind.SERVER_ERROR), 0,
        upstream.providerName() + " reported " + upstream.hide(type + ": " + message), null,
        upstream.said(event.toString()));
  }

  /**
   * Anthropic's documented error types, mapped to what the router may do about them. An account out of credit comes
   * as a 400 {@code invalid_request_error} whose message says so: recognised by that message, so that another target
   * is tried (it is the account's state, not the request's fault).
   */
  static Kind kindOf(String errorType, String message, Kind fallback) {
    if (message.toLowerCase(Locale.ROOT).contains(CREDIT_TOO_LOW)) return Kind.OUT_OF_CREDIT;
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
