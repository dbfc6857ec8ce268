package dev.apprentice.guard;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * An upstream's stream for guardrail tests: these chunks, then its end or the failure given; counts what was read and
 * whether it was closed.
 */
public final class ScriptedStream implements ChunkStream {

  private final Deque<ChatChunk> chunks;
  private final ProviderException failure;
  private int read;

  public ScriptedStream(List<ChatChunk> chunks) {
    this(chunks, null);
  }

  public ScriptedStream(List<ChatChunk> chunks, ProviderException failure) {
    this.chunks = new ArrayDeque<>(chunks);
    this.failure = failure;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (chunks.isEmpty() && failure != null) throw failure;
    ChatChunk next = chunks.poll();
    if (next != null) read++;
    return next;
  }

  /** How many chunks were read so far. */
  public int read() {
    return read;
  }

  @Override
  public void close() {}
}
