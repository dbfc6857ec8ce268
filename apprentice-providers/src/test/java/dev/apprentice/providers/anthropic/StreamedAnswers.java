package dev.apprentice.providers.anthropic;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import java.util.ArrayList;
import java.util.List;

/** A provider's streamed answer read to its end, and the text it carried: for tests of streamed answers. */
final class StreamedAnswers {

  private StreamedAnswers() {}

  /** Every chunk {@code provider} streams for {@code request}, the stream closed after its end. */
  static List<ChatChunk> streamed(ChatProvider provider, ChatRequest request, CallContext context)
      throws ProviderException {
    List<ChatChunk> chunks = new ArrayList<>();
    try (ChunkStream stream = provider.stream(request, context)) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) chunks.add(chunk);
    }
    return chunks;
  }

  /** The content text of these chunks, every choice's deltas joined. */
  static String content(List<ChatChunk> chunks) {
    StringBuilder text = new StringBuilder();
    for (ChatChunk chunk : chunks) {
      for (ChatChunk.Choice choice : chunk.choices()) {
        if (choice.delta().content() != null) text.append(choice.delta().content());
      }
    }
    return text.toString();
  }
}
