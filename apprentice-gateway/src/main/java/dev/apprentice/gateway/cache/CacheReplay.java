package dev.apprentice.gateway.cache;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.accounting.StreamAssembler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a cached completion back as a stream, in the order OpenAI sends one: per choice a chunk with the role and
 * content (tool calls with their index, and the message's {@code reasoning_content}, {@code thinking_blocks} and legacy
 * {@code function_call}), then one with the finish reason, and last the usage-only chunk (the server drops it when the
 * client did not ask for usage).
 */
final class CacheReplay {

  private CacheReplay() {}

  static Outcome.Streaming stream(ChatResponse response) {
    List<ChatChunk> chunks = chunks(response);
    Iterator<ChatChunk> rest = chunks.subList(1, chunks.size()).iterator();
    return new Outcome.Streaming(chunks.getFirst(), new ChunkStream() {
      @Override
      public ChatChunk next() {
        return rest.hasNext() ? rest.next() : null;
      }

      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public void close() {}
    });
  }

  static List<ChatChunk> chunks(ChatResponse r) {
    List<ChatChunk> chunks = new ArrayList<>();
    List<ChatResponse.Choice> choices = r.choices() == null ? List.of() : r.choices();
    for (ChatResponse.Choice choice : choices) {
      Message m = choice.message();
      String content = m == null || m.content() == null ? null : m.text();
      List<ToolCall> calls = m == null || m.toolCalls() == null ? null : indexed(m.toolCalls());
      String refusal = m == null ? null : m.refusal();
      chunks.add(chunk(r, choice.index(), new ChatChunk.Delta("assistant", content, calls, refusal, streamedExtras(m)),
          null));
      chunks.add(chunk(r, choice.index(), new ChatChunk.Delta(null, null, null, null, null),
          choice.finishReason() == null ? "stop" : choice.finishReason()));
    }
    if (chunks.isEmpty()) chunks.add(chunk(r, 0, new ChatChunk.Delta("assistant", "", null, null, null), "stop"));
    if (r.usage() != null) {
      chunks.add(new ChatChunk(r.id(), ChatChunk.OBJECT, r.created(), r.model(), List.of(), r.usage(),
          r.systemFingerprint(), null));
    }
    return chunks;
  }

  /** The message's thinking fields and legacy function call, which a streamed answer carries in its deltas. */
  private static Map<String, Object> streamedExtras(Message m) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (m == null) return fields;
    for (String name : List.of(StreamAssembler.REASONING_CONTENT, StreamAssembler.THINKING_BLOCKS,
        StreamAssembler.FUNCTION_CALL)) {
      if (m.extra().get(name) != null) fields.put(name, m.extra().get(name));
    }
    return fields;
  }

  private static ChatChunk chunk(ChatResponse r, int index, ChatChunk.Delta delta, String finishReason) {
    return new ChatChunk(r.id(), ChatChunk.OBJECT, r.created(), r.model(),
        List.of(new ChatChunk.Choice(index, delta, finishReason, null)), null, r.systemFingerprint(), null);
  }

  private static List<ToolCall> indexed(List<ToolCall> calls) {
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      out.add(new ToolCall(i, c.id(), c.type() == null ? "function" : c.type(), c.function(), c.extra()));
    }
    return out;
  }
}
