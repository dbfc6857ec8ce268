package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.ToolCallIndexes;
import dev.apprentice.guard.redact.HeldText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the chunks of one stream, one at a time: each choice's content, refusal, tool-call arguments, legacy
 * {@code function_call} arguments and {@code reasoning_content} get their own {@link HeldText} (when {@link FieldHolds}
 * gives the field one: restoring placeholders, redacting values), flushed when the choice finishes, or, for thinking
 * text, when its thinking block ends or the choice's answer (content, refusal or tool calls) begins: thinking comes
 * before the answer, and a client that shows it as an item of its own (the Responses API's reasoning item) gets all
 * of it before the answer's first text. {@link RewritingStream} decides the order in which the rewritten chunks and
 * the leftovers go out. A rewriter that holds text back may drop each choice's {@code logprobs}: they spell the text
 * token by token, and would give it out ahead of the holds. Not thread-safe: one per stream.
 */
final class ChunkRewriter {

  private final FieldHolds holds;
  private final boolean jsonContent;
  private final boolean dropsLogprobs;
  private final Map<String, HeldText> holders = new HashMap<>();
  private final Map<Integer, ToolCallIndexes> callIndexes = new HashMap<>();
  /** Fields whose holds said they pass unchanged. */
  private final Set<String> unchanged = new HashSet<>();
  private ChatChunk last;
  /** The stream broke off: the texts still held are abandoned, not finished. */
  private boolean broken;

  /**
   * @param jsonContent   the request asked for a JSON answer: its content is opened as JSON
   * @param dropsLogprobs each choice's logprobs are left out of the chunks
   */
  ChunkRewriter(FieldHolds holds, boolean jsonContent, boolean dropsLogprobs) {
    this.holds = holds;
    this.jsonContent = jsonContent;
    this.dropsLogprobs = dropsLogprobs;
  }

  /** The chunk with its texts rewritten, and what it finishes flushed; held-back text stays held. */
  ChatChunk rewrite(ChatChunk chunk) {
    if (chunk == null) return null;
    last = chunk;
    if (chunk.choices() == null || chunk.choices().isEmpty()) return chunk;
    List<ChatChunk.Choice> choices = new ArrayList<>(chunk.choices().size());
    for (ChatChunk.Choice c : chunk.choices()) {
      ChatChunk.Delta d = c.delta();
      boolean ends = c.finishReason() != null;
      if (d == null && !ends) {
        choices.add(dropsLogprobs ? new ChatChunk.Choice(c.index(), null, null, null, c.extra()) : c);
        continue;
      }
      String content = field(c.index(), FieldHolds.CONTENT, d == null ? null : d.content(), ends, jsonContent);
      String refusal = field(c.index(), FieldHolds.REFUSAL, d == null ? null : d.refusal(), ends, false);
      List<ToolCall> calls = toolCalls(c.index(), d == null ? null : d.toolCalls(), ends);
      boolean answers = d != null && (present(d.content()) || present(d.refusal())
          || d.toolCalls() != null && !d.toolCalls().isEmpty());
      Map<String, Object> extra = extra(c.index(), d == null ? Map.of() : d.extra(), ends, answers);
      ChatChunk.Delta delta = d == null && content == null && refusal == null && calls == null && extra.isEmpty() ? null
          : new ChatChunk.Delta(d == null ? null : d.role(), content, calls, refusal, extra);
      Object logprobs = dropsLogprobs ? null : c.logprobs();
      choices.add(new ChatChunk.Choice(c.index(), delta, c.finishReason(), logprobs, c.extra()));
    }
    return new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(), choices, chunk.usage(),
        chunk.systemFingerprint(), chunk.extra());
  }

  /** The rewritten text of one field; at a choice's end, with whatever its holder still held. */
  private String field(int choice, String name, String text, boolean ends, boolean json) {
    return field(choice, name, name, text, ends, json);
  }

  /** {@link #field(int, String, String, boolean, boolean)} for a text held as {@code name}, opened as {@code kind}. */
  private String field(int choice, String name, String kind, String text, boolean ends, boolean json) {
    String key = choice + "/" + name;
    HeldText holder = holders.get(key);
    if (text != null && holder == null && !unchanged.contains(key)) {
      holder = holds.open(choice, kind, json);
      if (holder == null) unchanged.add(key);
      else holders.put(key, holder);
    }
    if (holder == null) return text;
    String out = text == null ? "" : holder.push(text);
    if (ends) {
      out += broken ? holder.abandon() : holder.finish();
      holders.remove(key);
    }
    return text == null && out.isEmpty() ? null : out;
  }

  /**
   * The delta's extra fields with the thinking text ({@code reasoning_content}, or {@code reasoning}: each held apart
   * from the other) and the arguments of a legacy {@code function_call}
   * rewritten (and what their holders held, at the end; for the thinking text also when the choice's answer begins:
   * {@code answers}), and the text of each thinking block, which arrives whole, as
   * {@link FieldHolds#whole} says; everything else as is.
   */
  private Map<String, Object> extra(int choice, Map<String, Object> extra, boolean ends, boolean answers) {
    Map<String, Object> out = new LinkedHashMap<>(extra);
    boolean thinkingEnds = ends || answers || out.get(Message.THINKING_BLOCKS) != null;
    for (String name : MessageExtras.THINKING_TEXTS) {
      String thinking = out.get(name) instanceof String fragment ? fragment : null;
      String rewritten = field(choice, name, FieldHolds.REASONING, thinking, thinkingEnds, false);
      if (rewritten != null) out.put(name, rewritten);
    }
    Object blocks = out.get(Message.THINKING_BLOCKS);
    if (blocks != null) {
      Object rewritten = MessageExtras.thinkingBlocks(blocks, text -> holds.whole(choice, FieldHolds.THINKING, text));
      out.put(Message.THINKING_BLOCKS, rewritten);
    }
    String arguments = field(choice, FieldHolds.FUNCTION, MessageExtras.functionCallArguments(out), ends, true);
    return arguments == null ? out : MessageExtras.withFunctionCallArguments(out, arguments);
  }

  private static boolean present(String text) {
    return text != null && !text.isEmpty();
  }

  private List<ToolCall> toolCalls(int choice, List<ToolCall> fragments, boolean ends) {
    List<ToolCall> out = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    if (fragments != null) {
      for (ToolCall f : fragments) {
        int index = callIndexes.computeIfAbsent(choice, c -> new ToolCallIndexes()).of(f);
        seen.add(index);
        String args = f.function() == null ? null : f.function().arguments();
        // a finishing fragment without arguments still takes what its holder held (all of them, when redacting)
        String rewritten = field(choice, FieldHolds.TOOL + index, args, ends, true);
        out.add(rewritten == null ? f : f.withArguments(rewritten));
      }
    }
    if (ends) {
      for (String key : List.copyOf(holders.keySet())) {
        if (!key.startsWith(choice + "/tool/")) continue;
        int index = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
        if (seen.contains(index)) continue;
        String held = field(choice, FieldHolds.TOOL + index, null, true, true);
        if (held != null) out.add(new ToolCall(index, null, null, new ToolCall.FunctionCall(null, held)));
      }
    }
    return out.isEmpty() ? fragments : out;
  }

  /**
   * One last chunk with the text still held for choices that never sent a finish reason; null when none. When the
   * stream {@code broke} off, each text gives what it {@linkplain HeldText#abandon abandons}.
   */
  ChatChunk leftovers(boolean broke) {
    broken = broke;
    if (holders.isEmpty() || last == null) return null;
    Map<Integer, ChatChunk.Choice> byChoice = new java.util.TreeMap<>();
    for (String key : List.copyOf(holders.keySet())) {
      int choice = Integer.parseInt(key.substring(0, key.indexOf('/')));
      byChoice.computeIfAbsent(choice, i -> {
        String content = field(i, FieldHolds.CONTENT, null, true, jsonContent);
        String refusal = field(i, FieldHolds.REFUSAL, null, true, false);
        List<ToolCall> calls = toolCalls(i, null, true);
        Map<String, Object> extra = extra(i, Map.of(), true, false);
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
