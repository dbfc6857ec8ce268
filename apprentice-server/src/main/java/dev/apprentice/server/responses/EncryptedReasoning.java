package dev.apprentice.server.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A reasoning item's {@code encrypted_content}, the way a stateless gateway carries a model's thinking from one
 * request to the next: unpadded base64url of compact JSON, {@code {"v":1,"thinking_blocks":[...]}} when the upstream
 * signed its thinking (Anthropic's {@code thinking} blocks with their signature, {@code redacted_thinking} blocks with
 * their data, as it wrote them), else {@code {"v":1,"reasoning_content":"..."}} with the thinking text. Despite the
 * Responses API's name it is not encrypted, and the gateway does not sign it: it holds nothing the client was not
 * already shown (the item's text, or the upstream's own encrypted data) and nothing the client could not send on
 * chat completions as {@code thinking_blocks} or {@code reasoning_content}; a changed thinking block no longer matches
 * its signature, which Anthropic checks. A value the gateway cannot read back is a 400 naming the field.
 */
final class EncryptedReasoning {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private EncryptedReasoning() {}

  static String encode(ResponseReasoning reasoning) {
    ObjectNode payload = JSON.createObjectNode().put("v", VERSION);
    if (!reasoning.blocks().isEmpty()) payload.set(Message.THINKING_BLOCKS, JSON.valueToTree(reasoning.blocks()));
    else payload.put(Message.REASONING_CONTENT, reasoning.text());
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(payload));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("thinking blocks that are not JSON", e);
    }
  }

  /**
   * The thinking a reasoning input item carries back; null when it has no {@code encrypted_content} (it is then
   * dropped: its summary and text alone cannot be sent back upstream).
   */
  static ResponseReasoning decode(JsonNode item, String path) {
    String field = path + ".encrypted_content";
    JsonNode value = item.get("encrypted_content");
    if (value == null || value.isNull()) return null;
    if (!value.isTextual()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a string, the encrypted_content of a reasoning "
          + "item the gateway answered with; got " + ResponsesFields.jsonType(value));
    }
    JsonNode payload = payload(value.asText());
    if (payload == null || payload.path("v").asInt() != VERSION) throw unreadable(field);
    JsonNode blocks = payload.get(Message.THINKING_BLOCKS);
    if (blocks != null) return new ResponseReasoning("", blocks(blocks, field));
    JsonNode text = payload.get(Message.REASONING_CONTENT);
    if (text == null || !text.isTextual()) throw unreadable(field);
    return new ResponseReasoning(text.asText(), List.of());
  }

  private static JsonNode payload(String value) {
    try {
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(value.getBytes(StandardCharsets.US_ASCII)));
      return payload != null && payload.isObject() ? payload : null;
    } catch (IllegalArgumentException | java.io.IOException e) {
      return null;
    }
  }

  /** The blocks as the chat wire carries them, each a thinking block with its signature or a redacted one. */
  @SuppressWarnings("unchecked")
  private static List<Object> blocks(JsonNode blocks, String field) {
    if (!blocks.isArray() || blocks.isEmpty()) throw unreadable(field);
    List<Object> out = new ArrayList<>(blocks.size());
    for (JsonNode block : blocks) {
      boolean signed = block.path("type").asText().equals("thinking") && block.path("thinking").isTextual()
          && block.path("signature").isTextual();
      boolean redacted = block.path("type").asText().equals("redacted_thinking") && block.path("data").isTextual();
      if (!signed && !redacted) throw unreadable(field);
      out.add(JSON.convertValue(block, Map.class));
    }
    return out;
  }

  private static GatewayException unreadable(String field) {
    return GatewayException.invalid(field, "'" + field + "' is not reasoning this gateway answered with: send back "
        + "the encrypted_content of its reasoning item unchanged, or leave it out to drop the reasoning");
  }
}
