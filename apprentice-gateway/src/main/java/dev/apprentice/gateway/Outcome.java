package dev.apprentice.gateway;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;

/** What a call produced: a complete response, or a stream whose first chunk has already arrived. */
public sealed interface Outcome {

  /** A complete, non-streamed answer. */
  record Complete(ChatResponse response) implements Outcome {}

  /**
   * A streamed answer. {@code first} was received before the gateway committed to this target (so a failure before
   * it could still fail over); {@code rest} yields the remaining chunks. Closing {@code rest} cancels the upstream.
   */
  record Streaming(ChatChunk first, ChunkStream rest) implements Outcome {}
}
