package dev.apprentice.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code detail} of an error from a server built on FastAPI: a text ({@code HTTPException}), or a list of
 * validation problems, each with the field's {@code loc} and a {@code msg} (pydantic), which Mistral's API also sends
 * inside its {@code message}. Read as one line: {@code "stream_options.include_usage: Extra inputs are not permitted"}.
 */
final class FastApiDetail {

  private FastApiDetail() {}

  /** The detail as text, or null when {@code detail} is no FastAPI detail (missing, empty, or of another shape). */
  static String text(JsonNode detail) {
    if (detail.isTextual()) return detail.asText().isBlank() ? null : detail.asText();
    List<String> problems = new ArrayList<>();
    if (detail.isArray()) {
      for (JsonNode problem : detail) {
        String text = problem(problem);
        if (text != null) problems.add(text);
      }
    } else if (detail.isObject()) {
      String text = problem(detail);
      if (text != null) problems.add(text);
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /** A message that is itself a FastAPI error body as JSON text (Mistral's API in 2024) read as one; else itself. */
  static String orText(String message) {
    if (!message.strip().startsWith("{")) return message;
    try {
      String detail = text(ProviderJson.MAPPER.readTree(message).path("detail"));
      return detail != null ? detail : message;
    } catch (Exception e) {
      return message;
    }
  }

  private static String problem(JsonNode problem) {
    if (problem.isTextual()) return problem.asText();
    if (!problem.path("msg").isTextual()) return null;
    String field = field(problem.path("loc"));
    return field.isEmpty() ? problem.path("msg").asText() : field + ": " + problem.path("msg").asText();
  }

  /** The field a {@code loc} names, without pydantic's leading {@code body}: {@code messages.0.content}. */
  private static String field(JsonNode loc) {
    List<String> parts = new ArrayList<>();
    for (JsonNode part : loc) {
      if (parts.isEmpty() && part.asText().equals("body")) continue;
      parts.add(part.asText());
    }
    return String.join(".", parts);
  }
}
