package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.ToolCallIndexes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the tool calls an upstream answers without an {@code id}, or with a blank one, whichever provider read them
 * (older Ollama and llama.cpp builds, some LocalAI and vLLM parsers, an Anthropic-compatible server that leaves out
 * {@code tool_use.id}): each gets a random {@code call_…} ({@link ToolCall#newId}), so that the client can answer it
 * with a {@code tool} message (or a {@code function_call_output}) the server can match, and the trace, the cache and
 * both APIs hold the one id the client saw. {@link ProviderStep} applies it to every answer and stream as the provider
 * hands it over, before any other step reads it. In a stream the id goes on the first fragment of the call, as OpenAI
 * sends it, placed as {@link ToolCallIndexes} places it; a blank id on a later fragment is left out, so that it does
 * not overwrite the first. One instance per stream; not thread-safe.
 */
final class ToolCallIds {

  /** Per choice, where its fragments go and the calls that had their first; made at a stream's first tool call. */
  private Map<Integer, Placed> byChoice;

  private record Placed(ToolCallIndexes indexes, Set<Integer> started) {}

  /** A completion with an id on each tool call: the same completion when none lacked one. */
  static ChatResponse named(ChatResponse response) {
    if (!anyUnnamed(response)) return response;
    List<ChatResponse.Choice> choices = new ArrayList<>();
    for (ChatResponse.Choice c : response.choices()) {
      Message m = c.message();
      if (m == null || !unnamed(m.toolCalls())) {
        choices.add(c);
        continue;
      }
      List<ToolCall> calls = m.toolCalls().stream().map(t -> blank(t.id()) ? withId(t, ToolCall.newId()) : t).toList();
      Message named = new Message(m.role(), m.content(), m.name(), calls, m.toolCallId(), m.refusal(), m.extra());
      choices.add(new ChatResponse.Choice(c.index(), named, c.finishReason(), c.logprobs(), c.extra()));
    }
    return new ChatResponse(response.id(), response.object(), response.created(), response.model(), choices,
        response.usage(), response.systemFingerprint(), response.extra());
  }

  /** A chunk with an id on the first fragment of each call: the same chunk when none needed one. */
  ChatChunk named(ChatChunk chunk) {
    List<ChatChunk.Choice> choices = chunk.choices();
    if (choices == null) return chunk;
    List<ChatChunk.Choice> renamed = null;
    for (int c = 0; c < choices.size(); c++) {
      ChatChunk.Choice choice = choices.get(c);
      List<ToolCall> fragments = choice.delta() == null ? null : choice.delta().toolCalls();
      if (fragments == null || fragments.isEmpty()) continue;
      if (byChoice == null) byChoice = new HashMap<>();
      Placed placedIn = byChoice.computeIfAbsent(choice.index(),
          i -> new Placed(new ToolCallIndexes(), new HashSet<>()));
      ToolCallIndexes placed = placedIn.indexes();
      Set<Integer> calls = placedIn.started();
      List<ToolCall> named = null;
      for (int f = 0; f < fragments.size(); f++) {
        ToolCall fragment = fragments.get(f);
        boolean first = calls.add(placed.of(fragment));
        ToolCall replaced = !blank(fragment.id()) || (!first && fragment.id() == null) ? fragment
            : withId(fragment, first ? ToolCall.newId() : null);
        if (replaced == fragment && named == null) continue;
        if (named == null) named = new ArrayList<>(fragments.subList(0, f));
        named.add(replaced);
      }
      if (named == null) continue;
      if (renamed == null) renamed = new ArrayList<>(choices);
      ChatChunk.Delta d = choice.delta();
      ChatChunk.Delta delta = new ChatChunk.Delta(d.role(), d.content(), named, d.refusal(), d.extra());
      renamed.set(c, new ChatChunk.Choice(choice.index(), delta, choice.finishReason(), choice.logprobs(),
          choice.extra()));
    }
    return renamed == null ? chunk : new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(),
        renamed, chunk.usage(), chunk.systemFingerprint(), chunk.extra());
  }

  /** True when a tool call of the completion lacks an id: a plain loop, which every non-streamed answer runs. */
  private static boolean anyUnnamed(ChatResponse response) {
    List<ChatResponse.Choice> choices = response.choices();
    if (choices == null) return false;
    for (int c = 0, n = choices.size(); c < n; c++) {
      Message m = choices.get(c).message();
      if (m != null && unnamed(m.toolCalls())) return true;
    }
    return false;
  }

  private static boolean unnamed(List<ToolCall> calls) {
    if (calls == null) return false;
    for (int i = 0, n = calls.size(); i < n; i++) {
      if (blank(calls.get(i).id())) return true;
    }
    return false;
  }

  private static boolean blank(String id) {
    return id == null || id.isBlank();
  }

  private static ToolCall withId(ToolCall call, String id) {
    return new ToolCall(call.index(), id, call.type(), call.function(), call.extra());
  }
}
