package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a rewritten stream's answer begins for its reader: at the first chunk that carries output
 * ({@link ChatChunk#carriesOutput}) other than the opening fragment of a tool call or legacy {@code function_call}
 * (its id and name) with no arguments yet: a redacted stream holds arguments whole, so that fragment alone gives
 * nothing a client can use before the arguments come, in one piece.
 */
final class Openings {

  private Openings() {}

  static boolean givesOutput(ChatChunk chunk) {
    if (chunk.choices() == null || chunk.choices().isEmpty()) return chunk.carriesOutput();
    List<ChatChunk.Choice> choices = new ArrayList<>(chunk.choices().size());
    for (ChatChunk.Choice c : chunk.choices()) {
      ChatChunk.Delta d = c.delta();
      if (d == null) {
        choices.add(c);
        continue;
      }
      List<ToolCall> calls = d.toolCalls() == null ? null
          : d.toolCalls().stream().filter(t -> t.function() != null && filled(t.function().arguments())).toList();
      Map<String, Object> extra = new LinkedHashMap<>(d.extra());
      if (extra.containsKey(MessageExtras.FUNCTION_CALL) && !filled(MessageExtras.functionCallArguments(extra))) {
        extra.remove(MessageExtras.FUNCTION_CALL);
      }
      choices.add(new ChatChunk.Choice(c.index(), new ChatChunk.Delta(d.role(), d.content(), calls, d.refusal(), extra),
          c.finishReason(), c.logprobs(), c.extra()));
    }
    return new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(), choices, chunk.usage(),
        chunk.systemFingerprint(), chunk.extra()).carriesOutput();
  }

  private static boolean filled(String arguments) {
    return arguments != null && !arguments.isEmpty();
  }
}
