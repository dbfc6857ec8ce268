package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.DataUrl;
import dev.apprentice.api.UnsupportedRequestException;
import java.util.Map;

/**
 * Turns OpenAI's {@code file} content part ({@code {"type": "file", "file": {"file_data": "data:...", "filename":
 * ...}}}) into an Anthropic {@code document} block, titled with the file's name: a PDF keeps its base64 data (a
 * {@code base64} source), a {@code text/plain} file is decoded to its text (a {@code text} source). A file sent by
 * {@code file_id} (uploaded to OpenAI, which Anthropic cannot read) or of another type cannot be translated: the
 * target is skipped, 400 naming the part when no other target serves. An empty text file is left out, as empty text
 * is.
 */
final class AnthropicDocuments {

  private static final String PDF = "application/pdf";
  private static final String PLAIN_TEXT = "text/plain";

  private AnthropicDocuments() {}

  /** The document block of a file part ({@code at} names the part); null for an empty text file. */
  static ObjectNode document(ContentPart part, String at) {
    if (!(part.extra().get("file") instanceof Map<?, ?> file)) {
      throw new UnsupportedRequestException(at + ".file", "a file part needs a file object");
    }
    String param = at + ".file.file_data";
    if (!(file.get("file_data") instanceof String url)) {
      if (file.get("file_id") != null) {
        throw new UnsupportedRequestException(at + ".file.file_id", "Anthropic cannot read a file uploaded to "
            + "OpenAI by file_id: send its content as file_data, a data:application/pdf;base64,... URL");
      }
      throw new UnsupportedRequestException(param, "a file part needs file_data, a base64 data URL");
    }
    DataUrl data = dataUrl(url, param);
    ObjectNode block = MAPPER.createObjectNode();
    block.put("type", "document");
    ObjectNode source = block.putObject("source");
    switch (data.mediaType()) {
      case PDF -> {
        if (!data.base64() || data.data().isBlank()) {
          throw new UnsupportedRequestException(param, "a PDF's file_data must be data:application/pdf;base64,<data>");
        }
        source.put("type", "base64").put("media_type", PDF).put("data", data.data());
      }
      case PLAIN_TEXT -> {
        String text = text(data, param);
        if (text.isBlank()) return null;
        source.put("type", "text").put("media_type", PLAIN_TEXT).put("data", text);
      }
      default -> throw new UnsupportedRequestException(param,
          "unsupported file type '" + data.mediaType() + "' for Anthropic: expected application/pdf or text/plain");
    }
    if (file.get("filename") instanceof String filename && !filename.isBlank()) block.put("title", filename);
    return block;
  }

  private static DataUrl dataUrl(String url, String param) {
    try {
      return DataUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedRequestException(param, "file_data " + e.getMessage());
    }
  }

  private static String text(DataUrl data, String param) {
    try {
      return data.text();
    } catch (IllegalArgumentException e) {
      throw new UnsupportedRequestException(param, "file_data " + e.getMessage());
    }
  }
}
