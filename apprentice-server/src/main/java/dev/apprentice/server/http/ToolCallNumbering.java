package dev.apprentice.server.http;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.ToolCallIndexes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every tool-call fragment of a chat stream the {@code index} OpenAI's clients need to assemble calls by (the
 * Python SDK's stream accumulator and the Java SDK's look each fragment's call up by it): a fragment without one, as
 * Ollama and Gemini send, gets the number {@link ToolCallIndexes} places it at, the number the gateway's own
 * assembly, guardrails and Responses stream use. A chunk whose fragments all have an index, or that has none, is
 * returned as it is, so its upstream bytes may still be forwarded; only chunks with tool calls are looked into. One
 * instance per stream; not thread-safe.
 */
final class ToolCallNumbering {

  private final Map<Integer, ToolCallIndexes> byChoice = new HashMap<>();

  /** The chunk with an index on each tool-call fragment: the same chunk when none lacked one. */
  ChatChunk numbered(ChatChunk chunk) {
    List<ChatChunk.Choice> choices = chunk.choices();
    if (choices == null) return chunk;
    int[][] numbers = null; // per choice, its fragments' numbers, when some fragment has no index
    for (int c = 0; c < choices.size(); c++) {
      ChatChunk.Choice choice = choices.get(c);
      List<ToolCall> fragments = choice.delta() == null ? null : choice.delta().toolCalls();
      if (fragments == null || fragments.isEmpty()) continue;
      ToolCallIndexes indexes = byChoice.computeIfAbsent(choice.index(), i -> new ToolCallIndexes());
      int[] placed = new int[fragments.size()];
      boolean missing = false;
      for (int f = 0; f < placed.length; f++) {
        ToolCall fragment = fragments.get(f);
        placed[f] = indexes.of(fragment);
        missing |= fragment.index() == null;
      }
      if (missing) {
        if (numbers == null) numbers = new int[choices.size()][];
        numbers[c] = placed;
      }
    }
    return numbers == null ? chunk : withNumbers(chunk, numbers);
  }

  private static ChatChunk withNumbers(ChatChunk chunk, int[][] numbers) {
    List<ChatChunk.Choice> choices = new ArrayList<>(chunk.choices().size());
    for (int c = 0; c < numbers.length; c++) {
      ChatChunk.Choice choice = chunk.choices().get(c);
      if (numbers[c] == null) {
        choices.add(choice);
        continue;
      }
      ChatChunk.Delta d = choice.delta();
      List<ToolCall> fragments = new ArrayList<>(d.toolCalls().size());
      for (int f = 0; f < numbers[c].length; f++) {
        ToolCall t = d.toolCalls().get(f);
        fragments.add(new ToolCall(numbers[c][f], t.id(), t.type(), t.function(), t.extra()));
      }
      ChatChunk.Delta delta = new ChatChunk.Delta(d.role(), d.content(), fragments, d.refusal(), d.extra());
      choices.add(new ChatChunk.Choice(choice.index(), delta, choice.finishReason(), choice.logprobs(),
          choice.extra()));
    }
    return new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(), choices, chunk.usage(),
        chunk.systemFingerprint(), chunk.extra());
  }
}
