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
import java.util.function.Supplier;

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
 *
 * <p>A stream that ends before its end was read (its client left, the upstream broke off, a defect) is checked as the
 * call ends, before its trace is written: the values in what the upstream had written by then, as a finished stream's
 * are (what went out and, on a redacted stream, the text still held, redacted as at the end: none of it goes out),
 * but not the JSON schema, which judges a whole answer. Its trace keeps that answer, as judged; the call's status
 * says the answer was cut short.
 */
final class CheckedStream implements ChunkStream {

  private final ChunkStream rest;
  private final Call call;
  private final Check check;
  private final boolean checking;
  /** On a redacted stream, the text it still holds, redacted as at its end; null otherwise. */
  private final Supplier<ChatChunk> held;
  private final StreamAssembler assembler = new StreamAssembler();
  private boolean ended;
  private boolean restClosed;

  /** The output check of what a stream gave out: {@code whole} at its end, else cut short. */
  interface Check {
    OutputCheck of(ChatResponse given, boolean whole);
  }

  /** @param held on a redacted stream, the text it still holds, redacted as at its end; null otherwise */
  CheckedStream(ChatChunk first, ChunkStream rest, Call call, Check check, boolean checking,
      Supplier<ChatChunk> held) {
    this.rest = rest;
    this.call = call;
    this.check = check;
    this.checking = checking;
    this.held = held;
    add(first);
    call.captureResponseAs(this::assembled);
    if (checking) call.onEnd(end -> checkCutShort());
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
      end();
      GatewayException told = GuardStep.outputFailed(call, failed.getCause(), null);
      closing = closeRest();
      if (closing != null) told.addSuppressed(closing);
      throw told;
    }
    if (chunk != null) {
      add(chunk);
      return chunk;
    }
    if (checking && end()) {
      OutputCheck out = GuardStep.checkAnswer(call, null, () -> check.of(assembled(), true));
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

  /** True the first time: the stream's check is this caller's to run. */
  private synchronized boolean end() {
    if (ended) return false;
    ended = true;
    return true;
  }

  /**
   * The check of a stream whose end was never read, as its call ends (on the thread that ends it: the reader's, or the
   * heartbeat's that found the client gone while the reader waits on the upstream). A value refused in the held text
   * is told by the check's verdict (the redaction counted it); a check that fails leaves the trace no answer.
   */
  private void checkCutShort() {
    if (!end()) return;
    try {
      try {
        if (held != null) add(held.get());
      } catch (StreamBlocked refused) {
        // the held text holds a refused value: none of it is kept, and the redaction's verdict says block
      }
      OutputCheck out = check.of(assembled(), false);
      out.verdicts().forEach(call::verdict);
      ChatResponse forTrace = out.forTrace();
      call.captureResponseAs(() -> forTrace);
    } catch (RuntimeException | Error failure) {
      GuardStep.outputFailed(call, failure instanceof StreamRedactionFailed f ? f.getCause() : failure, null);
    }
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
