package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.guard.redact.RedactionSession;

/**
 * Puts the originals back into a streamed answer whose prompt was redacted, so a placeholder split across chunks
 * ({@code "<EMA"}, {@code "IL_1>"}) is restored whole: each text's {@link dev.apprentice.guard.redact.StreamRestorer}
 * holds back a trailing start of a placeholder until the next chunk shows what it is ({@link RewritingStream} moves
 * it into a later chunk, or the finish chunk). Thinking blocks pass unchanged: they are signed as the upstream wrote
 * them (see {@link ChatTexts}). A stream that fails first returns the text still held — restored where it is a whole
 * placeholder, as written otherwise: a partial one holds no value — then the failure.
 */
public final class RestoringStream extends RewritingStream {

  public RestoringStream(ChunkStream rest, RedactionSession session) {
    this(rest, session, false);
  }

  /** @param jsonContent the request asked for a JSON answer: values are escaped for JSON in the content too */
  public RestoringStream(ChunkStream rest, RedactionSession session, boolean jsonContent) {
    super(rest, new ChunkRewriter((choice, field, json) -> json ? session.jsonRestorer() : session.restorer(),
        jsonContent, false));
  }

  /** Restores the first chunk, which the gateway received before this stream existed. */
  public ChatChunk restoreFirst(ChatChunk first) {
    return rewriteFirst(first);
  }
}
