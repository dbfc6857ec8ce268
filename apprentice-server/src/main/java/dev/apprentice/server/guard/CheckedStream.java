package dev.apprentice.server.guard;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.accounting.StreamAssembler;
import dev.apprentice.guard.policy.OutputCheck;
import dev.apprentice.guard.redact.StreamBlocked;
import dev.apprentice.guard.redact.StreamRedactionFailed;
import java.util.function.Function;

/**
 * Passes a stream through unchanged while assembling the answer as the stream below gave it out (the upstream's, or
 * redacted as it went by a {@code RedactingStream}), which is what the trace captures. When the stream has ended, the
 * output checks run on the assembled answer and their verdicts go on the call; a block can no longer un-send
 * anything, so it ends the stream with an error event instead of its end. A redacted stream that refused a value
 * ({@link StreamBlocked}) ends there, and its check reports the block. One whose pass failed otherwise
 * ({@link StreamRedactionFailed}) ends with the output guard's failure, as an answer not streamed does. Whichever way
 * the stream ends in an error, the stream below (the upstream's) is closed here before the error is thrown, not left
 * to the reader, who may take a while to close after writing the error event: on a refused value as soon as it is
 * refused, before the check runs, since the upstream may still be writing (and charging for) the answer. The
 * reader's own close later is harmless.
 */
final class CheckedStream implements ChunkStream {

  private final ChunkStream rest;
  private final Call call;
  private final Function<ChatResponse, OutputCheck> check;
  private final boolean checking;
  private final StreamAssembler assembler = new StreamAssembler();
  private boolean ended;
  private boolean restClosed;

  CheckedStream(ChatChunk first, ChunkStream rest, Call call, Function<ChatResponse, OutputCheck> check,
      boolean checking) {
    this.rest = rest;
    this.call = call;
    this.check = check;
    this.checking = checking;
    add(first);
    call.captureResponseAs(this::assembled);
  }

  @Override
  public ChatChunk next() throws ProviderException {
    ChatChunk chunk = null;
    RuntimeException closing = null;
    try {
      chunk = rest.next();
    } catch (StreamBlocked refused) {
      // the redaction below stopped before a value a block scanner refuses: what went out is checked, and blocked;
      // the upstream, which may still be writing the answer, is closed first, not after the check
      closing = closeRest();
    } catch (StreamRedactionFailed failed) {
      ended = true;
      GatewayException told = GuardStep.outputFailed(call, failed.getCause(), null);
      closing = closeRest();
      if (closing != null) told.addSuppressed(closing);
      throw told;
    }
    if (chunk != null) {
      add(chunk);
      return chunk;
    }
    if (checking && !ended) {
      ended = true;
      OutputCheck out = GuardStep.checkAnswer(call, null, () -> check.apply(assembled()));
      out.verdicts().forEach(call::verdict);
      ChatResponse forTrace = out.forTrace();
      call.captureResponseAs(() -> forTrace);
      if (out.blocked()) {
        GatewayException told = new GatewayException(ErrorCode.CONTENT_BLOCKED, out.blockedMessage());
        if (closing == null) closing = closeRest();
        if (closing != null) told.addSuppressed(closing);
        throw told;
      }
    }
    return null;
  }

  @Override
  public boolean ready() {
    return rest.ready();
  }

  /** Chunks pass unchanged, so the upstream's own bytes may still be forwarded. */
  @Override
  public byte[] lastChunkJson() {
    return rest.lastChunkJson();
  }

  @Override
  public void close() {
    rest.close();
  }

  /** Closes the stream below unless it already was; what closing it threw, or null. */
  private RuntimeException closeRest() {
    if (restClosed) return null;
    restClosed = true;
    try {
      rest.close();
      return null;
    } catch (RuntimeException closing) {
      return closing;
    }
  }

  private synchronized void add(ChatChunk chunk) {
    if (chunk != null) assembler.add(chunk);
  }

  private synchronized ChatResponse assembled() {
    return assembler.response();
  }
}
