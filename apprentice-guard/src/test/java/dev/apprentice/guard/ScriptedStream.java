package dev.apprentice.guard;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * An upstream's stream for guardrail tests: these chunks, then its end or the failure given (a
 * {@link ProviderException} or an unchecked one); counts the chunks read and keeps the text they carried.
 */
public final class ScriptedStream implements ChunkStream {

  private final Deque<ChatChunk> chunks;
  private final Exception failure;
  private final StringBuilder textRead = new StringBuilder();
  private int read;

  public ScriptedStream(List<ChatChunk> chunks) {
    this(chunks, (ProviderException) null);
  }

  public ScriptedStream(List<ChatChunk> chunks, ProviderException failure) {
    this(chunks, (Exception) failure);
  }

  public ScriptedStream(List<ChatChunk> chunks, RuntimeException failure) {
    this(chunks, (Exception) failure);
  }

  private ScriptedStream(List<ChatChunk> chunks, Exception failure) {
    this.chunks = new ArrayDeque<>(chunks);
    this.failure = failure;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (chunks.isEmpty() && failure instanceof ProviderException e) throw e;
    if (chunks.isEmpty() && failure != null) throw (RuntimeException) failure;
    ChatChunk next = chunks.poll();
    if (next == null) return null;
    read++;
    ChatChunk.Delta delta = next.choices().isEmpty() ? null : next.choices().getFirst().delta();
    if (delta != null && delta.content() != null) textRead.append(delta.content());
    return next;
  }

  /** How many chunks were read so far. */
  public int read() {
    return read;
  }

  /** The text of the chunks read so far: what the upstream has given out. */
  public String textRead() {
    return textRead.toString();
  }

  @Override
  public void close() {}
}
