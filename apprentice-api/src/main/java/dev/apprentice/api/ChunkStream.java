package dev.apprentice.api;

/**
 * A lazily pulled stream of chunks. {@link #next()} blocks (cheaply, on a virtual thread) until the next chunk,
 * returns {@code null} at the normal end, and throws when the upstream fails mid-stream. {@link #close()} may be
 * called from any thread at any time and cancels the upstream request; a blocked {@code next()} then throws.
 */
public interface ChunkStream extends AutoCloseable {

  ChatChunk next() throws ProviderException;

  /**
   * True when {@link #next()} can answer from data already received, without waiting on the upstream; the server
   * then writes several chunks to the client with one flush. False when unsure.
   */
  default boolean ready() {
    return false;
  }

  /**
   * The upstream's own JSON for the chunk {@link #next()} returned last, when it is an OpenAI chunk that may be
   * forwarded byte for byte; null otherwise. A stream that wraps another and may change chunks must not pass this
   * through, which is why the default is null: forwarding raw bytes is something each layer opts in to.
   */
  default byte[] lastChunkJson() {
    return null;
  }

  @Override
  void close();
}
