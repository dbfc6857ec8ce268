package dev.apprentice.providers.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns an upstream error body (JSON, HTML, or anything) into one short line fit for an error message. */
public final class ErrorBodies {

  private static final int MAX = 200;

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

  private static String clip(String s) {
    return s.length() <= MAX ? s : s.substring(0, MAX) + "…";
  }
}
