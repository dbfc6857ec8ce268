package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.guard.redact.StreamBlocked;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes values out of a streamed answer before they reach the caller: the texts its {@link FieldHolds} opens (the
 * output guard's {@code StreamRedaction}) hold back the tail that could still be part of a value and give out what
 * lies before it with each value replaced by a placeholder; the rest goes out with the finish chunk (or one extra
 * chunk when the stream ends without one, or before a failure). The fields it leaves alone pass as the upstream wrote
 * them, in the same chunks ({@link RewritingStream}). A value the redaction refuses outright (a {@code block} scanner's)
 * ends the stream: what it throws goes up before anything held is given out.
 */
public final class RedactingStream implements ChunkStream {

  private final RewritingStream stream;
  /** What the first chunk's redaction refused, thrown at the first read. */
  private StreamBlocked refused;

  public RedactingStream(ChunkStream rest, FieldHolds redactors) {
    this.stream = new RewritingStream(rest, new ChunkRewriter(redactors, false));
  }

  /**
   * Redacts the first chunk, which the gateway received before this stream existed: its text is held back. Should it
   * hold a value the redaction refuses (a cached answer comes back whole in its first chunk), the chunk goes out with
   * no text and the refusal is thrown at the first {@link #next}.
   */
  public ChatChunk redactFirst(ChatChunk first) {
    try {
      return stream.rewriteFirst(first);
    } catch (StreamBlocked e) {
      refused = e;
      return first == null ? null : withoutText(first);
    }
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (refused != null) throw refused;
    return stream.next();
  }

  /** The chunk's choices with their role only: nothing of what they held goes out. */
  private static ChatChunk withoutText(ChatChunk chunk) {
    List<ChatChunk.Choice> choices = new ArrayList<>();
    if (chunk.choices() != null) {
      for (ChatChunk.Choice c : chunk.choices()) {
        String role = c.delta() == null ? null : c.delta().role();
        choices.add(new ChatChunk.Choice(c.index(), new ChatChunk.Delta(role, "", null, null, null), null, null));
      }
    }
    return new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(), choices, null,
        chunk.systemFingerprint(), null);
  }

  @Override
  public boolean ready() {
    return stream.ready();
  }

  @Override
  public void close() {
    stream.close();
  }
}
