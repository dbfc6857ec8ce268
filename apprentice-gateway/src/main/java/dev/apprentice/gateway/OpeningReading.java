package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.accounting.StreamAssembler;
import java.util.List;

/**
 * A stream's opening as an {@link OpeningHold} reads it inside its attempt: the chunks the attempt held already (the
 * first of them the hold's first chunk), then the upstream's, each kept with its bytes in the same list, to be given
 * out again by a {@link HeldOpening}. Closing it is the attempt's.
 */
final class OpeningReading implements ChunkStream {

  private final List<HeldOpening.Held> held;
  private final ChunkStream upstream;
  private int position = 1;
  private boolean ended;

  /** @param held the chunks read so far, appended to as the upstream's are read */
  OpeningReading(List<HeldOpening.Held> held, ChunkStream upstream) {
    this.held = held;
    this.upstream = upstream;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (position < held.size()) return held.get(position++).chunk();
    if (ended) return null;
    ChatChunk chunk = upstream.next();
    if (chunk == null) {
      ended = true;
      return null;
    }
    held.add(new HeldOpening.Held(chunk, upstream.lastChunkJson()));
    position++;
    return chunk;
  }

  /** True when the upstream's stream ended while it was read. */
  boolean ended() {
    return ended;
  }

  /** What the upstream sent so far, assembled: what its attempt is booked at should it break off here. */
  ChatResponse assembled() {
    StreamAssembler assembler = new StreamAssembler();
    held.forEach(h -> assembler.add(h.chunk()));
    return assembler.response();
  }

  @Override
  public byte[] lastChunkJson() {
    return held.get(position - 1).json();
  }

  @Override
  public boolean ready() {
    return position < held.size() || ended || upstream.ready();
  }

  @Override
  public void close() {
    // the attempt's: it closes the upstream whichever way the reading ended
  }
}
