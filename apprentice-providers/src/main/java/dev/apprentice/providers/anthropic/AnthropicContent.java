package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.UnsupportedRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns OpenAI message content (a string, or text, image_url and file parts) into Anthropic content blocks (a file a
 * {@code document}, see {@link AnthropicDocuments}). A part's
 * {@code cache_control} is carried onto its block, so prompt caching works through the gateway. An assistant
 * message's content may also hold thinking and redacted_thinking parts, Anthropic's blocks as they were answered: they
 * are sent unchanged; its {@code refusal} parts (OpenAI's) are left out, since Anthropic has no such block.
 */
final class AnthropicContent {

  /** The image types Anthropic reads. */
  private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private AnthropicContent() {}

  static ObjectNode textBlock(String text) {
    ObjectNode block = MAPPER.createObjectNode();
    block.put("type", "text");
    block.put("text", text);
    return block;
  }

  /** The text blocks of a system or developer message; images and files are not allowed there. */
  static List<ObjectNode> systemBlocks(Content content, String param) {
    List<ObjectNode> blocks = blocks(content, param, false, false);
    if (blocks.isEmpty()) throw new UnsupportedRequestException(param, param + " must not be empty");
    return blocks;
  }

  /** The blocks of a user message: text, images and documents, at least one. */
  static List<ObjectNode> userBlocks(Content content, String param) {
    List<ObjectNode> blocks = blocks(content, param, true, false);
    if (blocks.isEmpty()) throw new UnsupportedRequestException(param, param + " must not be empty");
    return blocks;
  }

  /** The text and thinking blocks of an assistant message; none when it only calls tools. */
  static List<ObjectNode> assistantTextBlocks(Content content, String param) {
    return blocks(content, param, false, true);
  }

  /**
   * A tool result's content: a string, or blocks when the tool answered with parts; null when it is empty or only
   * whitespace, which Anthropic refuses as content (a result without content is how it takes an empty one).
   */
  static JsonNode toolResultContent(Content content, String param) {
    if (content == null) return null;
    if (content.isText()) {
      return content.text() == null || content.text().isBlank() ? null : MAPPER.getNodeFactory().textNode(content.text());
    }
    List<ObjectNode> blocks = blocks(content, param, true, false);
    if (blocks.isEmpty()) return null;
    ArrayNode array = MAPPER.createArrayNode();
    blocks.forEach(array::add);
    return array;
  }

  /** Blank text is left out: Anthropic rejects empty text blocks. */
  private static List<ObjectNode> blocks(Content content, String param, boolean mediaAllowed,
      boolean assistantParts) {
    if (content == null) return List.of();
    if (content.isText()) {
      return content.text() == null || content.text().isBlank() ? List.of() : List.of(textBlock(content.text()));
    }
    List<ObjectNode> blocks = new ArrayList<>();
    for (int j = 0; j < content.parts().size(); j++) {
      ContentPart part = content.parts().get(j);
      String at = param + "[" + j + "]";
      ObjectNode block = switch (part.type() == null ? "" : part.type()) {
        case "text" -> part.text() == null || part.text().isBlank() ? null : textBlock(part.text());
        case "image_url" -> {
          if (!mediaAllowed) {
            throw new UnsupportedRequestException(at + ".type", "images are not allowed in this message");
          }
          yield image(part.imageUrl(), at + ".image_url.url");
        }
        case "file" -> {
          if (!mediaAllowed) {
            throw new UnsupportedRequestException(at + ".type", "files are not allowed in this message");
          }
          yield AnthropicDocuments.document(part, at);
        }
        case "thinking", "redacted_thinking" -> {
          if (!assistantParts) {
            throw new UnsupportedRequestException(at + ".type", "only assistant messages hold thinking");
          }
          yield thinking(part);
        }
        case "refusal" -> {
          if (!assistantParts) {
            throw new UnsupportedRequestException(at + ".type", "only assistant messages hold a refusal");
          }
          yield null;
        }
        default -> throw new UnsupportedRequestException(at + ".type",
            "unsupported content part type '" + part.type() + "' for Anthropic: expected text, image_url or file");
      };
      if (block == null) continue;
      Object cacheControl = part.extra().get("cache_control");
      if (cacheControl != null) block.set("cache_control", MAPPER.valueToTree(cacheControl));
      blocks.add(block);
    }
    return blocks;
  }

  /** A thinking or redacted_thinking part as the block it was: its type and its other fields, signature included. */
  private static ObjectNode thinking(ContentPart part) {
    ObjectNode block = MAPPER.createObjectNode();
    block.put("type", part.type());
    block.setAll((ObjectNode) MAPPER.valueToTree(part.extra()));
    return block;
  }

  /**
   * A {@code data:<media type>;base64,<data>} URL becomes a base64 source, of a JPEG, PNG, GIF or WebP image (the
   * common misspelling {@code image/jpg} as {@code image/jpeg}); an http(s) URL a url source.
   */
  private static ObjectNode image(ContentPart.ImageUrl imageUrl, String param) {
    String url = imageUrl == null ? null : imageUrl.url();
    if (url == null || url.isBlank()) throw new UnsupportedRequestException(param, "an image_url part needs a url");
    ObjectNode block = MAPPER.createObjectNode();
    block.put("type", "image");
    ObjectNode source = block.putObject("source");
    String lower = url.substring(0, Math.min(url.length(), 8)).toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring(5, comma);
      String data = comma < 0 ? "" : url.substring(comma + 1);
      String[] fields = header.split(";");
      boolean base64 = fields.length > 1 && "base64".equalsIgnoreCase(fields[fields.length - 1]);
      if (!base64 || !fields[0].toLowerCase(Locale.ROOT).startsWith("image/") || data.isEmpty()) {
        throw new UnsupportedRequestException(param, "a data URL image must look like data:image/<type>;base64,<data>");
      }
      String mediaType = fields[0].toLowerCase(Locale.ROOT).equals("image/jpg")
          ? "image/jpeg" : fields[0].toLowerCase(Locale.ROOT);
      if (!IMAGE_TYPES.contains(mediaType)) {
        throw new UnsupportedRequestException(param, "Anthropic reads JPEG, PNG, GIF and WebP images, not " + mediaType);
      }
      source.put("type", "base64");
      source.put("media_type", mediaType);
      source.put("data", data);
    } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
      source.put("type", "url");
      source.put("url", url);
    } else {
      throw new UnsupportedRequestException(param, "an image url must be http(s) or a base64 data URL");
    }
    return block;
  }
}
