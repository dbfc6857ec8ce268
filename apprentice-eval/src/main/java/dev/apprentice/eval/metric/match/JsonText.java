package dev.apprentice.eval.metric.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a model's output as one JSON value: optionally out of a Markdown code fence, with nothing after it. */
final class JsonText {

  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonText() {}

  /** The JSON value of the output, or null when it is not JSON. */
  static JsonNode parse(String output, boolean unfence) {
    String text = unfence ? unfence(output) : output.strip();
    if (text.isEmpty()) return null;
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The body of a {@code ```json ... ```} fence when the output is one; the stripped output otherwise. */
  static String unfence(String output) {
    String text = output.strip();
    if (!text.startsWith("```") || !text.endsWith("```") || text.length() < 6) return text;
    int firstLine = text.indexOf('\n');
    if (firstLine < 0) return text;
    return text.substring(firstLine + 1, text.length() - 3).strip();
  }
}
