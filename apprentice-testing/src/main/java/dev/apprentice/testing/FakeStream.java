package dev.apprentice.testing;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.UpstreamError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stream a {@link FakeProvider} hands out: its text chunks, then a finish chunk (and a usage chunk when the
 * request asked for one), or a scripted failure or stall. A blocked {@code next()} fails as soon as it is closed.
 */
final class FakeStream implements ChunkStream {

  private final FakeProvider owner;
  private final List<ChatChunk> chunks = new ArrayList<>();
  private final Kind failure;
  private final Duration stallBeforeFirst;
  private final boolean stallAtEnd;
  /** What the upstream's error event says, when the failure is one; else null. */
  private final UpstreamError said;
  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private int position;

  FakeStream(FakeProvider owner, ChatRequest request, List<String> texts, Kind failure, Duration stallBeforeFirst,
      boolean stallAtEnd) {
    this(owner, failure, null, stallBeforeFirst, stallAtEnd);
    String id = "fake-chunk-" + owner.calls();
    long created = System.currentTimeMillis() / 1000;
    for (int i = 0; i < texts.size(); i++) {
      var delta = new ChatChunk.Delta(i == 0 ? "assistant" : null, texts.get(i), null, null, null);
      chunks.add(new ChatChunk(id, ChatChunk.OBJECT, created, request.model(),
          List.of(new ChatChunk.Choice(0, delta, null, null)), null, null, null));
    }
    if (failure == null && !stallAtEnd) {
      chunks.add(new ChatChunk(id, ChatChunk.OBJECT, created, request.model(),
          List.of(new ChatChunk.Choice(0, ChatChunk.Delta.text(null), "stop", null)), null, null, null));
      if (request.streamOptions() != null && request.streamOptions().usageRequested()) {
        chunks.add(new ChatChunk(id, ChatChunk.OBJECT, created, request.model(), List.of(),
            FakeProvider.usage(request, String.join("", texts)), null, null));
      }
    }
  }

  /**
   * A stream of exactly these chunks, as given (no finish or usage chunk added), then the failure (an error event
   * saying {@code said}, when not null) or stall.
   */
  FakeStream(FakeProvider owner, List<ChatChunk> given, Kind failure, UpstreamError said, boolean stallAtEnd) {
    this(owner, failure, said, Duration.ZERO, stallAtEnd);
    chunks.addAll(given);
  }

  private FakeStream(FakeProvider owner, Kind failure, UpstreamError said, Duration stallBeforeFirst,
      boolean stallAtEnd) {
    this.owner = owner;
    this.failure = failure;
    this.said = said;
    this.stallBeforeFirst = stallBeforeFirst;
    this.stallAtEnd = stallAtEnd;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (position == 0 && stallBeforeFirst.isPositive()) waitForClose(stallBeforeFirst.toNanos());
    if (closed.get()) throw closedFailure();
    if (position < chunks.size()) return chunks.get(position++);
    if (failure != null && said != null) {
      throw ProviderException.answered(failure, 0, owner.name() + ": error event: " + said.message(), null, said);
    }
    if (failure != null) throw new ProviderException(failure, 0,
        owner.name() + ": scripted " + failure + " mid-stream");
    if (stallAtEnd) {
      waitForClose(Long.MAX_VALUE);
      throw closedFailure();
    }
    return null;
  }

  private void waitForClose(long nanos) throws ProviderException {
    owner.waits(1);
    try {
      closedSignal.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Kind.CANCELLED, owner.name() + ": interrupted", e);
    } finally {
      owner.waits(-1);
    }
  }

  private ProviderException closedFailure() {
    return new ProviderException(Kind.CANCELLED, 0, owner.name() + ": stream closed");
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      owner.streamClosed();
      closedSignal.countDown();
    }
  }
}
