package dev.apprentice.gateway.cache;

import dev.apprentice.api.AnswerChunks;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.gateway.Outcome;
import java.util.List;

/**
 * Plays a cached completion back as a stream ({@link AnswerChunks}): what the provider sent comes back, streamed or
 * not.
 */
final class CacheReplay {

  private CacheReplay() {}

  static Outcome.Streaming stream(ChatResponse response) {
    List<ChatChunk> chunks = AnswerChunks.of(response);
    return new Outcome.Streaming(chunks.getFirst(), AnswerChunks.playing(chunks.subList(1, chunks.size())));
  }
}
