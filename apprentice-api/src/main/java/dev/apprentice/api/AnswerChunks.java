package dev.apprentice.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole completion played as a stream, in the order OpenAI sends one: per choice a chunk with the role and content
 * (tool calls with their index, and every other field of the message — {@code reasoning_content},
 * {@code thinking_blocks}, a legacy {@code function_call}, and those the gateway does not read, such as
 * {@code annotations}), then one with the finish reason and the choice's fields the gateway does not read (Azure's
 * {@code content_filter_results}, vLLM's {@code stop_reason}), and last the usage-only chunk (the server drops it when
 * the client did not ask for usage). The completion's own fields the gateway does not read ({@code service_tier} …)
 * go on every chunk, as a live stream carries them. For a cached answer played back, and a stream request that its
 * server answered with one JSON completion.
 */
public final class AnswerChunks {

  private AnswerChunks() {}

  /** The chunks of {@code r}, at least one. */
  public static List<ChatChunk> of(ChatResponse r) {
    List<ChatChunk> chunks = new ArrayList<>();
    List<ChatResponse.Choice> choices = r.choices() == null ? List.of() : r.choices();
    for (ChatResponse.Choice choice : choices) {
      Message m = choice.message();
      String content = m == null || m.content() == null ? null : m.text();
      List<ToolCall> calls = m == null || m.toolCalls() == null ? null : indexed(m.toolCalls());
      String refusal = m == null ? null : m.refusal();
      Map<String, Object> messageFields = m == null ? null : new LinkedHashMap<>(m.extra());
      chunks.add(chunk(r, new ChatChunk.Choice(choice.index(),
          new ChatChunk.Delta("assistant", content, calls, refusal, messageFields), null, null)));
      chunks.add(chunk(r, new ChatChunk.Choice(choice.index(), new ChatChunk.Delta(null, null, null, null, null),
          choice.finishReason() == null ? "stop" : choice.finishReason(), null, new LinkedHashMap<>(choice.extra()))));
    }
    if (chunks.isEmpty()) {
      chunks.add(chunk(r, new ChatChunk.Choice(0, new ChatChunk.Delta("assistant", "", null, null, null), "stop", null)));
    }
    if (r.usage() != null) {
      chunks.add(new ChatChunk(r.id(), ChatChunk.OBJECT, r.created(), r.model(), List.of(), r.usage(),
          r.systemFingerprint(), new LinkedHashMap<>(r.extra())));
    }
    return chunks;
  }

  /** A stream of {@code chunks}, all at hand: nothing to wait for, nothing to cancel. */
  public static ChunkStream playing(List<ChatChunk> chunks) {
    Iterator<ChatChunk> rest = chunks.iterator();
    return new ChunkStream() {
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
    };
  }

  private static ChatChunk chunk(ChatResponse r, ChatChunk.Choice choice) {
    return new ChatChunk(r.id(), ChatChunk.OBJECT, r.created(), r.model(), List.of(choice), null,
        r.systemFingerprint(), new LinkedHashMap<>(r.extra()));
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
