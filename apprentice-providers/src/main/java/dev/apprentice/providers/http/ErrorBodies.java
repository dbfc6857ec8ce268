package dev.apprentice.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.UpstreamError;

/**
 * Turns an upstream error body (JSON, HTML, or anything) into one short line fit for an error message, and reads what
 * a JSON error body says of the request for the client ({@link #details}).
 */
public final class ErrorBodies {

  private static final int MAX = 200;
  /** The most of an upstream's own message relayed to a client; a context-length message is ~250 characters. */
  private static final int MAX_RELAYED = 2000;

  private ErrorBodies() {}

  public static String summarise(String body) {
    if (body == null || body.isBlank()) return "(empty body)";
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode node = ProviderJson.MAPPER.readTree(trimmed);
        JsonNode error = node.path("error");
        String message = error.isTextual() ? error.asText()
            : error.path("message").isTextual() ? error.path("message").asText()
            : node.path("message").isTextual() ? node.path("message").asText() : null;
        if (message != null) return clip(message);
      } catch (Exception ignored) {
        // not JSON after all: fall through to the text summary
      }
    }
    if (trimmed.regionMatches(true, 0, "<!doctype", 0, 9) || trimmed.regionMatches(true, 0, "<html", 0, 5)) {
      var title = java.util.regex.Pattern.compile("(?is)<title>(.*?)</title>").matcher(trimmed);
      String text = title.find() ? title.group(1) : trimmed.replaceAll("(?s)<[^>]*>", " ");
      return "HTML page: " + clip(text.replaceAll("\\s+", " ").strip());
    }
    return clip(trimmed.replaceAll("\\s+", " "));
  }

  /**
   * The message, {@code param} and {@code code} of a JSON error body — OpenAI's {@code {"error": {...}}}, Anthropic's
   * (whose error has no param or code), or vLLM's flat {@code {"message", "param", "code": 400}} — or null when the
   * body is no JSON error with a message. Only a string {@code code} is kept (vLLM's is the HTTP status).
   */
  public static UpstreamError details(String body) {
    if (body == null || !body.strip().startsWith("{")) return null;
    JsonNode node;
    try {
      node = ProviderJson.MAPPER.readTree(body);
    } catch (Exception e) {
      return null;
    }
    JsonNode error = node.path("error");
    if (error.isTextual()) return new UpstreamError(clip(error.asText(), MAX_RELAYED), null, null);
    JsonNode fields = error.isObject() ? error : node;
    if (!fields.path("message").isTextual()) return null;
    return new UpstreamError(clip(fields.path("message").asText(), MAX_RELAYED), text(fields.path("param")),
        text(fields.path("code")));
  }

  private static String text(JsonNode value) {
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  private static String clip(String s) {
    return clip(s, MAX);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
