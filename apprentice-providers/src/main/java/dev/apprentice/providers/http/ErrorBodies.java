package dev.apprentice.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.UpstreamError;
import java.util.List;

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
        String message = message(ProviderJson.MAPPER.readTree(trimmed));
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
   * (whose error has no param or code), vLLM's flat {@code {"message", "param", "code": 400}}, Ollama's
   * {@code {"error": "..."}}, or a FastAPI {@code detail} ({@link FastApiDetail}), also inside Mistral's
   * {@code message} — or null when the body is no JSON error with a message. Only a string {@code code} is kept
   * (vLLM's is the HTTP status).
   */
  public static UpstreamError details(String body) {
    if (body == null || !body.strip().startsWith("{")) return null;
    JsonNode node;
    try {
      node = ProviderJson.MAPPER.readTree(body);
    } catch (Exception e) {
      return null;
    }
    String message = message(node);
    if (message == null) return null;
    JsonNode fields = node.path("error").isObject() ? node.path("error") : node;
    return new UpstreamError(clip(message, MAX_RELAYED), text(fields.path("param")), text(fields.path("code")));
  }

  /** The message of a JSON error body, wherever its server puts it; null when it has none. */
  private static String message(JsonNode node) {
    JsonNode error = node.path("error");
    if (error.isTextual()) return error.asText();
    for (JsonNode fields : List.of(error, node)) {
      JsonNode message = fields.path("message");
      if (message.isTextual()) return FastApiDetail.orText(message.asText());
      String detail = FastApiDetail.text(message.has("detail") ? message.get("detail") : message);
      if (detail != null) return detail;
    }
    return FastApiDetail.text(node.path("detail"));
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
