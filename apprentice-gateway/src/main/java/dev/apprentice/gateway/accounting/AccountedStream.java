package dev.apprentice.gateway.accounting;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.Usage;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.StreamBreak;

/**
 * A stream that tallies what passes through it (usage, reported model, the assembled answer) and ends the call's
 * accounting once: at the last chunk, on an upstream failure or a step's {@link GatewayException} (a guardrail
 * ending the stream), on a defect ({@code internal_error}), or when closed before its end. Chunks pass unchanged,
 * so the upstream's raw bytes may still be forwarded.
 */
final class AccountedStream implements ChunkStream {

  private final ChunkStream rest;
  private final Accountant accountant;
  private final Call call;
  private final ChatRequest request;
  private final long overheadNanos;
  private final long firstChunkNanos;
  private final StreamAssembler assembler = new StreamAssembler();
  private Usage usage;
  private boolean finished;

  AccountedStream(ChatChunk first, ChunkStream rest, Accountant accountant, Call call, ChatRequest request,
      long overheadNanos, long firstChunkNanos) {
    this.rest = rest;
    this.accountant = accountant;
    this.call = call;
    this.request = request;
    this.overheadNanos = overheadNanos;
    this.firstChunkNanos = firstChunkNanos;
    observe(first);
  }

  @Override
  public ChatChunk next() throws ProviderException {
    ChatChunk chunk;
    try {
      chunk = rest.next();
    } catch (ProviderException e) {
      // traced as the client is told it (ChatHandler sends the same StreamBreak as the stream's error event)
      GatewayException told = StreamBreak.of(e);
      finish(200, told.code().label(), told.getMessage());
      throw e;
    } catch (GatewayException e) {
      // a step ended the stream by policy (a guardrail blocked the answer): the client gets an error event
      finish(200, e.code().label(), e.getMessage());
      throw e;
    } catch (RuntimeException | Error e) {
      // a defect in a step (or an OutOfMemoryError): the call still ends once, as what it was, not as a disconnect
      finish(200, "internal_error", "the stream failed: " + Ending.defect(e));
      throw e;
    }
    if (chunk == null) {
      finish(200, null, null);
    } else {
      observe(chunk);
    }
    return chunk;
  }

  @Override
  public boolean ready() {
    return rest.ready();
  }

  @Override
  public byte[] lastChunkJson() {
    return rest.lastChunkJson();
  }

  @Override
  public void close() {
    // closed before the end: the client went away (the heartbeat closes from its own thread)
    finish(499, "client_disconnected", "the client closed the stream before its end");
    rest.close();
  }

  private synchronized void observe(ChatChunk chunk) {
    if (chunk == null) return;
    if (chunk.usage() != null) usage = chunk.usage();
    assembler.add(chunk);
  }

  private synchronized void finish(int status, String errorCode, String message) {
    if (finished) return;
    finished = true;
    // the suppliers run inside this synchronized block, before any later chunk could touch the assembler
    accountant.finish(call, request, new Ending(status, errorCode, message, usage, assembler.model(),
        assembler.systemFingerprint(), assembler::producedText, assembler, overheadNanos, firstChunkNanos));
  }
}
