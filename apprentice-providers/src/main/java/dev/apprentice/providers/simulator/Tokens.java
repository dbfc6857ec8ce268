package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The simulator's idea of tokens: a word with the whitespace before it when streaming, and "words plus punctuation
 * marks" when counting, which lands near real tokenizers for English without their cost.
 */
final class Tokens {

  /** What OpenAI counts for a message's framing, and for priming the reply. */
  private static final int PER_MESSAGE = 3;
  private static final int PER_REPLY = 3;
  private static final int PER_IMAGE = 85;

  private Tokens() {}

  /** Splits text into tokens that each carry their leading whitespace, so that joining them gives the text back. */
  static List<String> split(String text) {
    int n = text.length();
    if (n == 0) return List.of();
    List<String> tokens = new ArrayList<>(n / 5 + 1);
    int start = 0;
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) i++;
      while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
      tokens.add(text.substring(start, i));
      start = i;
    }
    return Collections.unmodifiableList(tokens);
  }

  /** Words (runs of letters and digits) plus every other visible character. */
  static int count(String text) {
    if (text == null) return 0;
    int count = 0;
    boolean inWord = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (!inWord) count++;
        inWord = true;
      } else {
        inWord = false;
        if (!Character.isWhitespace(c)) count++;
      }
    }
    return count;
  }

  /** The prompt tokens of a request, framed as OpenAI frames chat messages. */
  static int prompt(ChatRequest request) {
    int total = PER_REPLY;
    if (request.messages() == null) return total;
    for (Message message : request.messages()) {
      total += PER_MESSAGE + count(message.role()) + count(message.name());
      if (message.content() != null) {
        if (message.content().isText()) {
          total += count(message.content().text());
        } else {
          for (ContentPart part : message.content().parts()) {
            total += part.imageUrl() != null ? PER_IMAGE : count(part.text());
          }
        }
      }
      if (message.toolCalls() != null) {
        for (ToolCall call : message.toolCalls()) {
          if (call.function() != null) total += count(call.function().name()) + count(call.function().arguments());
        }
      }
    }
    return total;
  }
}
