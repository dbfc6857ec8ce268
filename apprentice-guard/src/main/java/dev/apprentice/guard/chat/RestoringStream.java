package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ToolCall;
import dev.apprentice.guard.redact.RedactionSession;
import dev.apprentice.guard.redact.StreamRestorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the originals back into a streamed answer whose prompt was redacted. Each choice's content, refusal,
 * tool-call arguments, legacy {@code function_call} arguments and {@code reasoning_content} get their own {@link
 * StreamRestorer}, so a placeholder split across chunks ({@code "<EMA"}, {@code "IL_1>"}) is restored whole: the
 * held-back start moves into a later chunk, and whatever is still held when a choice finishes goes into its finish
 * chunk (or into one extra chunk when the stream ends without one); thinking text still held when a thinking block
 * ends goes out with its {@code thinking_blocks} delta. Those blocks pass unchanged: they are signed as the upstream
 * wrote them (see {@link ChatTexts}). The number and order of chunks is otherwise kept; chunks are rewritten, so the
 * upstream's raw bytes are never forwarded.
 */
public final class RestoringStream implements ChunkStream {

  private final ChunkStream rest;
  private final RedactionSession session;
  private final boolean jsonContent;
  private final Map<String, StreamRestorer> restorers = new HashMap<>();
  private ChatChunk last;
  private boolean flushed;

  public RestoringStream(ChunkStream rest, RedactionSession session) {
    this(rest, session, false);
  }

  /** @param jsonContent the request asked for a JSON answer: values are escaped for JSON in the content too */
  public RestoringStream(ChunkStream rest, RedactionSession session, boolean jsonContent) {
    this.rest = rest;
    this.session = session;
    this.jsonContent = jsonContent;
  }

  /** Restores the first chunk, which the gateway received before this stream existed. */
  public ChatChunk restoreFirst(ChatChunk first) {
    return restore(first);
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (flushed) return null;
    ChatChunk chunk = rest.next();
    if (chunk != null) return restore(chunk);
    flushed = true;
    return leftovers();
  }

  @Override
  public boolean ready() {
    return rest.ready();
  }

  @Override
  public void close() {
    rest.close();
  }

  private ChatChunk restore(ChatChunk chunk) {
    if (chunk == null) return null;
    last = chunk;
    if (chunk.choices() == null || chunk.choices().isEmpty()) return chunk;
    List<ChatChunk.Choice> choices = new ArrayList<>(chunk.choices().size());
    for (ChatChunk.Choice c : chunk.choices()) {
      ChatChunk.Delta d = c.delta();
      boolean ends = c.finishReason() != null;
      if (d == null && !ends) {
        choices.add(c);
        continue;
      }
      String content = field(c.index(), "content", d == null ? null : d.content(), ends, jsonContent);
      String refusal = field(c.index(), "refusal", d == null ? null : d.refusal(), ends, false);
      List<ToolCall> calls = toolCalls(c.index(), d == null ? null : d.toolCalls(), ends);
      Map<String, Object> extra = extra(c.index(), d == null ? Map.of() : d.extra(), ends);
      ChatChunk.Delta delta = d == null && content == null && refusal == null && calls == null && extra.isEmpty() ? null
          : new ChatChunk.Delta(d == null ? null : d.role(), content, calls, refusal, extra);
      choices.add(new ChatChunk.Choice(c.index(), delta, c.finishReason(), c.logprobs(), c.extra()));
    }
    return new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(), choices, chunk.usage(),
        chunk.systemFingerprint(), chunk.extra());
  }

  /** The restored text of one field; at a choice's end, with whatever its restorer still held. */
  private String field(int choice, String name, String text, boolean ends, boolean json) {
    String key = choice + "/" + name;
    StreamRestorer restorer = restorers.get(key);
    if (text != null && restorer == null) {
      restorer = json ? session.jsonRestorer() : session.restorer();
      restorers.put(key, restorer);
    }
    if (restorer == null) return text;
    String out = text == null ? "" : restorer.push(text);
    if (ends) {
      out += restorer.finish();
      restorers.remove(key);
    }
    return text == null && out.isEmpty() ? null : out;
  }

  /**
   * The delta's extra fields with {@code reasoning_content} and the arguments of a legacy {@code function_call}
   * restored (and what their restorers held, at the end); everything else, {@code thinking_blocks} included, as is.
   */
  private Map<String, Object> extra(int choice, Map<String, Object> extra, boolean ends) {
    Map<String, Object> out = new LinkedHashMap<>(extra);
    boolean thinkingEnds = ends || out.get(Message.THINKING_BLOCKS) != null;
    Object fragment = out.get(Message.REASONING_CONTENT);
    String reasoning = field(choice, "reasoning", fragment instanceof String f ? f : null, thinkingEnds, false);
    if (reasoning != null) out.put(Message.REASONING_CONTENT, reasoning);
    String restored = field(choice, "function", MessageExtras.functionCallArguments(out), ends, true);
    return restored == null ? out : MessageExtras.withFunctionCallArguments(out, restored);
  }

  private List<ToolCall> toolCalls(int choice, List<ToolCall> fragments, boolean ends) {
    List<ToolCall> out = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    if (fragments != null) {
      for (ToolCall f : fragments) {
        int index = f.index() == null ? 0 : f.index();
        seen.add(index);
        String args = f.function() == null ? null : f.function().arguments();
        String restored = field(choice, "tool/" + index, args, ends, true);
        out.add(args == null ? f : new ToolCall(f.index(), f.id(), f.type(),
            new ToolCall.FunctionCall(f.function().name(), restored)));
      }
    }
    if (ends) {
      for (String key : List.copyOf(restorers.keySet())) {
        if (!key.startsWith(choice + "/tool/")) continue;
        int index = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
        if (seen.contains(index)) continue;
        String held = field(choice, "tool/" + index, null, true, true);
        if (held != null) out.add(new ToolCall(index, null, null, new ToolCall.FunctionCall(null, held)));
      }
    }
    return out.isEmpty() ? fragments : out;
  }

  /** One last chunk with the text still held for choices that never sent a finish reason; null when none. */
  private ChatChunk leftovers() {
    if (restorers.isEmpty() || last == null) return null;
    Map<Integer, ChatChunk.Choice> byChoice = new java.util.TreeMap<>();
    for (String key : List.copyOf(restorers.keySet())) {
      int choice = Integer.parseInt(key.substring(0, key.indexOf('/')));
      byChoice.computeIfAbsent(choice, i -> {
        String content = field(i, "content", null, true, jsonContent);
        String refusal = field(i, "refusal", null, true, false);
        List<ToolCall> calls = toolCalls(i, null, true);
        Map<String, Object> extra = extra(i, Map.of(), true);
        return new ChatChunk.Choice(i, new ChatChunk.Delta(null, content, calls, refusal, extra), null, null);
      });
    }
    List<ChatChunk.Choice> choices = byChoice.values().stream()
        .filter(c -> c.delta().content() != null || c.delta().refusal() != null || c.delta().toolCalls() != null
            || !c.delta().extra().isEmpty())
        .toList();
    if (choices.isEmpty()) return null;
    return new ChatChunk(last.id(), ChatChunk.OBJECT, last.created(), last.model(), choices, null,
        last.systemFingerprint(), null);
  }
}
