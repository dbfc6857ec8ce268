package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.guard.redact.StreamBlocked;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Takes values out of a streamed answer before they reach the caller: the texts its {@link FieldHolds} opens (the
 * output guard's {@code StreamRedaction}) hold back the tail that could still be part of a value and give out what
 * lies before it with each value replaced by a placeholder; the rest goes out with the finish chunk (or one extra
 * chunk when the stream ends without one, or before a failure). The fields it leaves alone pass as the upstream wrote
 * them, in the same chunks ({@link RewritingStream}). A value the redaction refuses outright (a {@code block} scanner's)
 * ends the stream: what it throws goes up before anything held is given out. Its chunks carry no {@code logprobs},
 * which would spell the held text, values included, before the redaction read it.
 */
public final class RedactingStream extends RewritingStream {

  public RedactingStream(ChunkStream rest, FieldHolds redactors) {
    super(rest, new ChunkRewriter(redactors, false, true));
  }

  /**
   * Redacts the first chunk, which the gateway received before this stream existed: its text is held back. Should it
   * hold a value the redaction refuses (a cached answer comes back whole in its first chunk), the refusal is thrown
   * here, before anything went out, so that the caller may still answer with an error instead of a stream.
   *
   * @throws StreamBlocked before a value a {@code block} scanner refuses
   */
  public ChatChunk redactFirst(ChatChunk first) {
    return rewriteFirst(first);
  }

  /**
   * {@link #redactFirst}, then, while all of the text read is held back, reads on until some of it would go out (or
   * the stream ends, or {@code readOn} turns false): a value refused in the held window of the opening chunks is then
   * refused here too, before anything went out, and so is a failure of the upstream meanwhile. The chunks read ahead
   * come from {@link #next()} in order.
   *
   * @param readAhead is given each upstream chunk read here, as it comes (what it sent, should it be refused)
   * @throws StreamBlocked before a value a {@code block} scanner refuses
   * @throws OpeningBrokeOff when the upstream failed meanwhile (a defect below is thrown as it is): the text held is
   *                         dropped, none of it went out
   */
  public ChatChunk redactOpening(ChatChunk first, BooleanSupplier readOn, Consumer<ChatChunk> readAhead) {
    return rewriteOpening(first, readOn, readAhead);
  }

  /**
   * The text still held, redacted as at the stream's end, for the verdict of a stream its client left: nothing of it
   * goes out. Null when nothing is held. Safe while another thread waits on the upstream.
   *
   * @throws StreamBlocked when it holds a value a {@code block} scanner refuses
   */
  public ChatChunk heldBack() {
    return rewriteHeld();
  }
}
