package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A stream whose texts are rewritten as they pass ({@link ChunkRewriter}): text a field holds back moves into a later
 * chunk, and whatever is still held when a choice finishes goes into its finish chunk (or into one extra chunk when
 * the stream ends without one); thinking text still held when a thinking block ends goes out with its {@code
 * thinking_blocks} delta, and when the answer begins, with the answer's first chunk. The number and order of chunks
 * is otherwise kept; chunks are rewritten, so the upstream's raw bytes are never forwarded. {@link RestoringStream} and {@link RedactingStream} are its two kinds, each naming its
 * rewriting of the first chunk.
 *
 * <p>A usage-only chunk ({@code choices: []}) waits until the leftovers are out: OpenAI's contract makes it the last
 * chunk. A stream that fails (the upstream broke off, a guardrail refused it) first returns the text still held, as
 * its holders abandon it ({@link dev.apprentice.guard.redact.HeldText#abandon}), and throws the failure at the next
 * call, so every layer above (the client, the accounting) sees the same text before the same error.
 *
 * <p>One thread reads it; the rewriting is locked, never the wait on the stream below, so that the text still held
 * may be taken from another thread while a read waits ({@link #rewriteHeld}: the client left).
 */
abstract sealed class RewritingStream implements ChunkStream permits RestoringStream, RedactingStream {

  /**
   * The most chunks read ahead for the opening ({@link #rewriteOpening}); past that the stream begins as it is, so an
   * upstream that keeps sending chunks that give nothing out (empty deltas) cannot fill memory.
   */
  static final int MAX_READ_AHEAD = 4096;

  private final ChunkStream rest;
  private final ChunkRewriter rewriter;
  /** Rewritten chunks owed to the reader before anything else is read. */
  private final Deque<ChatChunk> due = new ArrayDeque<>();
  /** The usage-only chunk, waiting for the leftovers. */
  private ChatChunk usage;
  /** While the opening is read ahead, what is given each chunk read below. */
  private Consumer<ChatChunk> readAhead;
  /** The failure that ended the stream, thrown once what was due has been read. */
  private Throwable failure;
  private boolean ended;

  RewritingStream(ChunkStream rest, ChunkRewriter rewriter) {
    this.rest = rest;
    this.rewriter = rewriter;
  }

  /** Rewrites the first chunk, which the gateway received before this stream existed. */
  ChatChunk rewriteFirst(ChatChunk first) {
    if (first == null) return null;
    synchronized (rewriter) {
      return rewriter.rewrite(first);
    }
  }

  /**
   * Rewrites the first chunk and, while what was rewritten gives no output (all its text held back,
   * {@link Openings}), reads on ahead, queueing what it reads for {@link #next()}, until something would go out, the
   * stream ends, {@code readOn} says to stop, or {@link #MAX_READ_AHEAD} chunks were read: a refusal found meanwhile
   * is thrown before anything went out. So is a failure of the stream below meanwhile, the text held dropped: an
   * upstream's as {@link OpeningBrokeOff}, any other as it is.
   *
   * @param readAhead is given each chunk read below, as it comes
   */
  ChatChunk rewriteOpening(ChatChunk first, BooleanSupplier readOn, Consumer<ChatChunk> readAhead) {
    ChatChunk out = rewriteFirst(first);
    List<ChatChunk> ahead = new ArrayList<>();
    this.readAhead = readAhead;
    try {
      ChatChunk last = out;
      while (last != null && !Openings.givesOutput(last) && failure == null && ahead.size() < MAX_READ_AHEAD
          && readOn.getAsBoolean()) {
        last = next();
        if (last != null) ahead.add(last);
      }
    } catch (ProviderException e) {
      failure = e; // thrown by the stream below before anything was held
    } finally {
      this.readAhead = null;
      for (int i = ahead.size() - 1; i >= 0; i--) due.addFirst(ahead.get(i)); // before what the end queued
    }
    if (failure != null) throw new OpeningBrokeOff(rethrow()); // nothing went out: the opening fails, not the stream
    return out;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (!due.isEmpty()) return due.poll();
    if (failure != null) throw rethrow();
    while (!ended) {
      ChatChunk chunk = read();
      if (chunk == null) return due.poll();
      synchronized (rewriter) {
        ChatChunk restored = rewriter.rewrite(chunk);
        if (!restored.usageOnly() && usage == null) return restored;
        // OpenAI sends nothing after the usage chunk; should an upstream do so, both go out in the order they came
        ChatChunk earlier = takeUsage();
        if (restored.usageOnly()) usage = restored;
        else due.add(restored);
        if (earlier != null) return earlier;
      }
    }
    return null;
  }

  /**
   * The text still held, rewritten as at the stream's end, for a stream that will not be read to its end (its client
   * left): what the upstream had written by then, for the guard's verdict; it goes out to no one. Null when nothing is
   * held. Safe from another thread while a read waits on the stream below.
   */
  ChatChunk rewriteHeld() {
    synchronized (rewriter) {
      return rewriter.leftovers(false);
    }
  }

  /**
   * The next upstream chunk, or null at the end, when the leftovers and then the usage chunk have been queued. A
   * failure is kept to be thrown after them, unless nothing was held: then it is thrown now.
   */
  private ChatChunk read() throws ProviderException {
    try {
      ChatChunk chunk = rest.next();
      if (chunk != null && readAhead != null) readAhead.accept(chunk);
      if (chunk == null) end(false);
      return chunk;
    } catch (ProviderException | RuntimeException | Error e) {
      end(true);
      if (due.isEmpty()) throw e;
      failure = e;
      return null;
    }
  }

  private void end(boolean broke) {
    ended = true;
    ChatChunk leftovers;
    synchronized (rewriter) {
      leftovers = rewriter.leftovers(broke);
    }
    if (leftovers != null) due.add(leftovers);
    if (usage != null) due.add(takeUsage());
  }

  private ChatChunk takeUsage() {
    ChatChunk held = usage;
    usage = null;
    return held;
  }

  private ProviderException rethrow() {
    Throwable e = failure;
    failure = null;
    return switch (e) {
      case ProviderException p -> p;
      case RuntimeException r -> throw r;
      case Error r -> throw r;
      default -> throw new IllegalStateException(e);
    };
  }

  @Override
  public boolean ready() {
    return !due.isEmpty() || failure != null || ended || rest.ready();
  }

  @Override
  public void close() {
    rest.close();
  }
}
