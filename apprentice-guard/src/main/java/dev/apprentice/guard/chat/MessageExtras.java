package dev.apprentice.guard.chat;

import dev.apprentice.api.Message;
import dev.apprentice.guard.chat.ChatTexts.Field;
import dev.apprentice.guard.chat.ChatTexts.Visit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The texts a message carries in fields outside OpenAI's schema, in a fixed order: the arguments of a legacy
 * {@code function_call} (JSON), the thinking text of {@code reasoning_content} and of {@code reasoning} (its other
 * name), and the text of each thinking block in {@code thinking_blocks} (signed by the upstream). A
 * {@code redacted_thinking} block holds only encrypted data: nothing to read. Maps are copied, never changed in
 * place: the caller's request may still be read elsewhere.
 */
final class MessageExtras {

  /** The field of a thinking block (or of a thinking content part) that holds its text. */
  static final String THINKING = "thinking";
  static final String FUNCTION_CALL = "function_call";
  /**
   * The fields a message's thinking text comes in: {@code reasoning_content} (DeepSeek's name, and Anthropic's thinking
   * as translated), and {@code reasoning} (vLLM's since 0.9, Ollama's, OpenRouter's and Groq's).
   */
  static final List<String> THINKING_TEXTS = List.of(Message.REASONING_CONTENT, "reasoning");

  private MessageExtras() {}

  /** The message's extra fields with each of their texts visited. */
  static Map<String, Object> walk(Map<String, Object> extra, Visit visit) {
    Map<String, Object> walked = legacyFunctionCall(extra, visit);
    for (String name : THINKING_TEXTS) {
      if (walked.get(name) instanceof String text) walked = with(walked, name, visit.text(text, Field.REASONING));
    }
    if (walked.get(Message.THINKING_BLOCKS) instanceof List<?> blocks) {
      List<Object> visited = new ArrayList<>(blocks.size());
      for (Object block : blocks) visited.add(thinkingBlock(block, visit));
      walked = with(walked, Message.THINKING_BLOCKS, visited);
    }
    return walked;
  }

  /**
   * A thinking block (or the extra fields of a thinking content part) with its text visited; any other object
   * unchanged.
   */
  static Object thinkingBlock(Object block, Visit visit) {
    return thinkingBlock(block, text -> visit.text(text, Field.THINKING));
  }

  private static Object thinkingBlock(Object block, UnaryOperator<String> rewrite) {
    if (!(block instanceof Map<?, ?> map) || !(map.get(THINKING) instanceof String text)) return block;
    if (map.containsKey("type") && !THINKING.equals(map.get("type"))) return block;
    Map<Object, Object> visited = new LinkedHashMap<>(map);
    visited.put(THINKING, rewrite.apply(text));
    return visited;
  }

  /**
   * A streamed delta's {@code thinking_blocks} (each block arrives whole, with its signature) with the text of each
   * thinking block rewritten; anything that is not a list of blocks unchanged.
   */
  static Object thinkingBlocks(Object blocks, UnaryOperator<String> rewrite) {
    if (!(blocks instanceof List<?> list)) return blocks;
    List<Object> rewritten = new ArrayList<>(list.size());
    for (Object block : list) rewritten.add(thinkingBlock(block, rewrite));
    return rewritten;
  }

  /** The extra fields with the arguments of a legacy {@code function_call} visited (JSON). */
  private static Map<String, Object> legacyFunctionCall(Map<String, Object> extra, Visit visit) {
    String arguments = functionCallArguments(extra);
    return arguments == null ? extra : withFunctionCallArguments(extra, visit.text(arguments, Field.ARGUMENTS));
  }

  /**
   * The arguments of a legacy {@code function_call} among the extra fields; null when there is none. Read here for
   * both whole messages and streamed deltas ({@link RestoringStream}), so that the two agree on where they are.
   */
  static String functionCallArguments(Map<String, Object> extra) {
    return extra.get(FUNCTION_CALL) instanceof Map<?, ?> call && call.get("arguments") instanceof String arguments
        ? arguments : null;
  }

  /**
   * The extra fields (a copy) with the legacy {@code function_call}'s arguments replaced, its other fields kept; a
   * call holding only the arguments when there was none (a stream's held-back text, sent after its last fragment).
   */
  static Map<String, Object> withFunctionCallArguments(Map<String, Object> extra, String arguments) {
    Map<Object, Object> call = extra.get(FUNCTION_CALL) instanceof Map<?, ?> m ? new LinkedHashMap<>(m)
        : new LinkedHashMap<>();
    call.put("arguments", arguments);
    return with(extra, FUNCTION_CALL, call);
  }

  private static Map<String, Object> with(Map<String, Object> extra, String field, Object value) {
    Map<String, Object> replaced = new LinkedHashMap<>(extra);
    replaced.put(field, value);
    return replaced;
  }
}
