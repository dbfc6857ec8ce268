package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A model's thinking as a chat answer (or a streamed delta) carries it, and as the Responses API's {@code reasoning}
 * output item: the thinking text of {@code reasoning_content} (or {@code reasoning}, vLLM's, Ollama's, OpenRouter's
 * and Groq's name; {@code reasoning_content} when both come) and Anthropic's {@code thinking_blocks} (signed
 * {@code thinking} and {@code redacted_thinking} blocks, as the upstream wrote them). The item's {@code summary} is
 * empty: the gateway writes no summary of its own; the text is the item's {@code reasoning_text} content, and when
 * the request asked for {@code reasoning.encrypted_content} the item carries what the gateway needs to send this
 * thinking back upstream when the item comes back as input ({@link EncryptedReasoning}).
 *
 * @param text   the thinking text; empty when there is none
 * @param blocks the thinking blocks, each a map as the chat wire carries it; empty when there are none
 */
record ResponseReasoning(String text, List<Object> blocks) {

  /** The chat field whose text the vLLM family gives a model's thinking in. */
  static final String REASONING = "reasoning";

  ResponseReasoning {
    text = text == null ? "" : text;
    blocks = blocks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(blocks));
  }

  static final ResponseReasoning NONE = new ResponseReasoning("", List.of());

  /** The thinking among a message's (or a delta's) extra fields; {@link #NONE} when there is none. */
  static ResponseReasoning of(Map<String, Object> extra) {
    if (extra == null || extra.isEmpty()) return NONE;
    Object text = extra.get(Message.REASONING_CONTENT) instanceof String content ? content : extra.get(REASONING);
    Object blocks = extra.get(Message.THINKING_BLOCKS);
    return new ResponseReasoning(text instanceof String s ? s : "",
        blocks instanceof List<?> list ? new ArrayList<Object>(list) : null);
  }

  boolean isEmpty() {
    return text.isEmpty() && blocks.isEmpty();
  }

  /** This thinking followed by {@code next}'s: the text joined, the blocks in order. */
  ResponseReasoning then(ResponseReasoning next) {
    List<Object> all = new ArrayList<>(blocks);
    all.addAll(next.blocks);
    return new ResponseReasoning(text + next.text, all);
  }

  /**
   * The {@code reasoning} output item: {@code summary} empty, the text as one {@code reasoning_text} part (no part
   * when there is no text, as for redacted thinking alone), and with {@code encrypted} its {@code encrypted_content}.
   */
  ObjectNode item(String id, String status, boolean encrypted) {
    ObjectNode item = ResponseObject.JSON.objectNode();
    item.put("id", id);
    item.put("type", "reasoning");
    item.putArray("summary");
    var content = item.putArray("content");
    if (!text.isEmpty()) content.add(part(text));
    if (encrypted) item.put("encrypted_content", EncryptedReasoning.encode(this));
    item.put("status", status);
    return item;
  }

  static ObjectNode part(String text) {
    return ResponseObject.JSON.objectNode().put("type", "reasoning_text").put("text", text);
  }
}
