package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.GatewayException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One content part of a Responses input item as a chat content part: {@code input_text} and an earlier answer's
 * {@code output_text} (or {@code refusal}) as text, {@code input_image} with an {@code image_url} (a URL or a data URL)
 * as an image part, {@code input_file} with its {@code file_data} (a data URL) or {@code file_id} as the chat
 * {@code file} part. A file or image named by URL or id that only OpenAI's file store could resolve the way the
 * Responses API does is still sent on, as chat sends it; a {@code file_url} has no chat form and is refused.
 */
final class ResponsesParts {

  private ResponsesParts() {}

  static ContentPart part(JsonNode part, String path) {
    if (!part.isObject()) {
      throw GatewayException.invalid(path, "'" + path + "' must be an object; got " + ResponsesFields.jsonType(part));
    }
    String type = ResponsesFields.requiredText(part, "type", path);
    return switch (type) {
      case "input_text", "output_text" -> ContentPart.text(ResponsesFields.requiredText(part, "text", path));
      case "refusal" -> ContentPart.text(ResponsesFields.requiredText(part, "refusal", path));
      case "input_image" -> image(part, path);
      case "input_file" -> file(part, path);
      default -> throw GatewayException.invalid(path + ".type", "'" + path + ".type' " + type + " is not supported: "
          + "the gateway takes input_text, input_image, input_file and, in earlier answers, output_text parts");
    };
  }

  private static ContentPart image(JsonNode part, String path) {
    JsonNode url = part.get("image_url");
    if (url == null || !url.isTextual()) {
      String why = url != null && !url.isNull() ? "must be a string, the image's URL or a data URL; got "
          + ResponsesFields.jsonType(url)
          : part.hasNonNull("file_id") ? "is required: an image given by file_id needs OpenAI's file store, which the "
          + "gateway does not have; send it as a URL or a data URL"
          : "is required: the image's URL or a data URL";
      throw GatewayException.invalid(path + ".image_url", "'" + path + ".image_url' " + why);
    }
    String detail = part.path("detail").isTextual() ? part.path("detail").asText() : null;
    return new ContentPart("image_url", null, new ContentPart.ImageUrl(url.asText(), detail), null);
  }

  private static ContentPart file(JsonNode part, String path) {
    if (part.hasNonNull("file_url")) {
      throw GatewayException.invalid(path + ".file_url", "'" + path + ".file_url' is not supported: the gateway "
          + "does not fetch files; send the file's content as file_data (a data URL)");
    }
    Map<String, Object> file = new LinkedHashMap<>();
    for (String field : new String[] {"file_data", "file_id", "filename"}) {
      JsonNode value = part.get(field);
      if (value == null || value.isNull()) continue;
      if (!value.isTextual()) {
        throw GatewayException.invalid(path + "." + field, "'" + path + "." + field + "' must be a string; got "
            + ResponsesFields.jsonType(value));
      }
      file.put(field, value.asText());
    }
    if (!file.containsKey("file_data") && !file.containsKey("file_id")) {
      throw GatewayException.invalid(path + ".file_data", "'" + path + ".file_data' is required for an input_file "
          + "part: the file's content as a data URL (data:application/pdf;base64,...)");
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("file", file);
    return new ContentPart("file", null, null, extra);
  }
}
