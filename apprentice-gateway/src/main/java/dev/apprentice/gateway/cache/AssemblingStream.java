package dev.apprentice.gateway.cache;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.Usage;
import dev.apprentice.gateway.accounting.StreamAssembler;

/** Passes a stream through unchanged while folding it into the completion it spells, usage included. */
final class AssemblingStream implements ChunkStream {

  private final ChunkStream rest;
  private final StreamAssembler assembler = new StreamAssembler();
  private volatile Usage usage;

  AssemblingStream(ChatChunk first, ChunkStream rest) {
    this.rest = rest;
    add(first);
  }

  @Override
  public ChatChunk next() throws ProviderException {
    ChatChunk chunk = rest.next();
    if (chunk != null) add(chunk);
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
    rest.close();
  }

  /** The completion so far; complete once the stream has ended. */
  synchronized ChatResponse response() {
    return assembler.response().withUsage(usage);
  }

  private synchronized void add(ChatChunk chunk) {
    assembler.add(chunk);
    if (chunk.usage() != null) usage = chunk.usage();
  }
}
