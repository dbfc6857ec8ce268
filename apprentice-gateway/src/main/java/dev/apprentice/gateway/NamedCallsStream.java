package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;

/**
 * A provider's stream with an id on the first fragment of each tool call that came without one ({@link ToolCallIds}),
 * whichever provider read it. A chunk it renamed is no longer the upstream's JSON, so that chunk's bytes are not
 * forwarded as sent ({@link #lastChunkJson} is null for it); every other chunk's are. Not thread-safe except
 * {@link #close()}, as the stream it wraps.
 */
final class NamedCallsStream implements ChunkStream {

  private final ChunkStream upstream;
  private final ToolCallIds callIds = new ToolCallIds();
  private boolean renamed;

  NamedCallsStream(ChunkStream upstream) {
    this.upstream = upstream;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    ChatChunk chunk = upstream.next();
    if (chunk == null) return null;
    ChatChunk named = callIds.named(chunk); // looks only into the choices with tool calls
    renamed = named != chunk;
    return named;
  }

  @Override
  public byte[] lastChunkJson() {
    return renamed ? null : upstream.lastChunkJson();
  }

  @Override
  public boolean ready() {
    return upstream.ready();
  }

  @Override
  public void close() {
    upstream.close();
  }
}
