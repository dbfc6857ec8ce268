package dev.apprentice.eval.run;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.suite.VariantSpec;

/**
 * What an item call's cost depends on, as known before the call: the length of the prompt it sends and the output
 * token limit it asks for.
 *
 * @param promptChars the characters of the rendered messages, and of the texts of a prompt call's {@code variables}
 * @param maxTokens   the request's {@code max_completion_tokens} or {@code max_tokens}, null when it sets none
 */
record ItemShape(int promptChars, Integer maxTokens) {

  static ItemShape of(VariantSpec variant, EvalItem item) {
    ChatRequest request;
    try {
      request = PromptRenderer.request(variant, item);
    } catch (RuntimeException e) {
      return new ItemShape(item.input().length(), null);
    }
    int chars = 0;
    for (Message m : request.messages()) chars += m.text().length();
    // a prompt:NAME call sends its registered prompt rendered with these: their texts are what varies per item
    chars += textLength(request.extra().get("variables"));
    return new ItemShape(chars, request.outputTokenLimit());
  }

  private static int textLength(Object value) {
    if (value instanceof String text) return text.length();
    int chars = 0;
    if (value instanceof java.util.Map<?, ?> map) for (Object v : map.values()) chars += textLength(v);
    if (value instanceof java.util.List<?> list) for (Object v : list) chars += textLength(v);
    return chars;
  }
}
