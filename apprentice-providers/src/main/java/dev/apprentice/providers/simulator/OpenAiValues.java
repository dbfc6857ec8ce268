package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.UnsupportedRequestException;
import java.util.Set;

/**
 * The closed lists of values OpenAI checks and the gateway passes on unjudged ({@code tool_choice} modes,
 * {@code response_format} types): the simulator stands in for OpenAI, so it refuses what OpenAI would, as a 400 naming
 * the field, where it used to answer as if the value were not there; and audio output, which it cannot give (a
 * model's other targets may).
 */
final class OpenAiValues {

  private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
  private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");

  private OpenAiValues() {}

  static void check(String provider, ChatRequest request) {
    if (request.toolChoice() instanceof String mode && !TOOL_CHOICES.contains(mode)) {
      throw new UnsupportedRequestException("tool_choice", provider + ": unknown tool_choice '" + mode
          + "': expected none, auto, required or an object naming a function");
    }
    if (request.asksForAudio()) {
      throw new UnsupportedRequestException("modalities", provider + ": the simulator answers in text only: "
          + "modalities must not ask for audio");
    }
    Object type = request.responseFormat() == null ? null : request.responseFormat().get("type");
    if (type != null && !RESPONSE_FORMATS.contains(type)) {
      throw new UnsupportedRequestException("response_format.type", provider + ": unsupported response_format type '"
          + type + "': expected text, json_object or json_schema");
    }
  }
}
