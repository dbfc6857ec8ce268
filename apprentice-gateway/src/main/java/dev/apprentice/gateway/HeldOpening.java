package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import java.util.List;

/**
 * A stream whose opening chunks were held back in its attempt: those that carried no output while the gateway waited
 * for the first token (an empty role chunk, Azure's {@code choices: []} with prompt filter results), and those a call
 * that holds its opening read on ({@link OpeningHold}). The reader gets them first, in order and with the upstream's
 * own bytes, then the rest of the stream, or its end when it ended while they were read.
 */
final class HeldOpening implements ChunkStream {

  /** A chunk as it was read, with the upstream's JSON for it (null when it may not be forwarded as is). */
  record Held(ChatChunk chunk, byte[] json) {}

  private final List<Held> held;
  private final ChunkStream rest;
  /** True when the stream ended with the held chunks: nothing is read from {@link #rest} after them. */
  private final boolean ended;
  /** How long its attempt read on past the first token ({@link OpeningHold}): not the target's latency. */
  private final long heldNanos;
  /** The held chunk {@link #next()} hands out next; past the end once the rest of the stream is being read. */
  private int position = 1; // the first held chunk is the outcome's first chunk

  /** @param held the chunks read before committing, the first of them given to the reader as the first chunk */
  HeldOpening(List<Held> held, ChunkStream rest) {
    this(held, rest, false, 0);
  }

  /**
   * @param ended     the stream ended with the held chunks
   * @param heldNanos how long they were read past the first token
   */
  HeldOpening(List<Held> held, ChunkStream rest, boolean ended, long heldNanos) {
    this.held = List.copyOf(held);
    this.rest = rest;
    this.ended = ended;
    this.heldNanos = heldNanos;
  }

  /** How long its attempt read on past the first token, which its latency leaves out. */
  long heldNanos() {
    return heldNanos;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (position < held.size()) return held.get(position++).chunk();
    position = held.size() + 1;
    return ended ? null : rest.next();
  }

  @Override
  public byte[] lastChunkJson() {
    return position <= held.size() ? held.get(position - 1).json() : rest.lastChunkJson();
  }

  @Override
  public boolean ready() {
    return position < held.size() || ended || rest.ready();
  }

  @Override
  public void close() {
    rest.close();
  }
}
