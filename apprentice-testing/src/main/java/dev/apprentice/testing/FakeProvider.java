package dev.apprentice.testing;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Content;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.UpstreamError;
import dev.apprentice.api.Usage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted in-memory {@link ChatProvider}: each call consumes the next queued {@link Behaviour} (or the default
 * once the queue is empty) and the provider records what it received, so routing and resilience can be tested
 * without sockets. Thread-safe.
 */
public final class FakeProvider implements ChatProvider, AutoCloseable {

  /** What one call does. Build with the static factories; {@link #after} delays any behaviour. */
  public sealed interface Behaviour {
    /** The same behaviour, started only after the provider waited this long (upstream latency). */
    default Behaviour after(Duration delay) {
      return new Delayed(delay, this);
    }
  }

  /** Answers with these chunks of text (joined for a plain call). */
  public record Reply(List<String> chunks) implements Behaviour {}

  /**
   * Answers with {@code text} (null: none), then refuses, as a model whose safety checks stopped it: finish reason
   * {@code content_filter}, the message's (a stream's finishing delta's) {@code refusal} saying {@code refusal}.
   */
  public record Refused(String text, String refusal) implements Behaviour {}

  /** Fails at once, at {@code chat} or when opening the stream. */
  public record Fail(Kind kind, int status, Duration retryAfter) implements Behaviour {}

  /**
   * Fails at once without sending anything, as a real provider does when the call's deadline passed before it could
   * send the request ({@link ProviderException#notSent}).
   */
  public record NotSent(Kind kind) implements Behaviour {}

  /** Blocks until the call's deadline or until the provider is closed, then fails with {@link Kind#TIMEOUT}. */
  public record Hang() implements Behaviour {}

  /** Streams {@code chunks}, then fails with {@code kind} from {@code next()}. */
  public record StreamFailure(List<String> chunks, Kind kind) implements Behaviour {}

  /** Opens the stream, but its first {@code next()} blocks for {@code stall} (or until closed), then streams. */
  public record StallBeforeFirst(Duration stall, List<String> chunks) implements Behaviour {}

  /** Streams {@code chunks}, then the next {@code next()} blocks until the stream is closed. */
  public record StallAfter(List<String> chunks) implements Behaviour {}

  /**
   * Streams exactly {@code chunks} (content-free ones too, no finish chunk added), then fails with {@code failure}
   * when it is not null (as the upstream's error event saying {@code said}, when that is not null), or blocks until
   * closed when {@code stallAtEnd}, or ends.
   */
  public record StreamChunks(List<ChatChunk> chunks, Kind failure, UpstreamError said, boolean stallAtEnd)
      implements Behaviour {}

  /** Waits {@code delay}, then behaves as {@code then}. */
  public record Delayed(Duration delay, Behaviour then) implements Behaviour {}

  /**
   * One call as the provider received it.
   *
   * @param outputTokenCap the gateway's cap on output tokens for a request that sets no limit, or null
   */
  public record Received(String model, boolean streaming, ChatRequest request, Integer outputTokenCap) {}

  private final String name;
  private final String type;
  private final AtomicInteger typeAsked = new AtomicInteger();
  private final Deque<Behaviour> script = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger closedStreams = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private Behaviour fallback = reply("ok");

  public FakeProvider(String name) {
    this(name, "fake");
  }

  /** A fake that says it is of {@code type} ({@code openai}, {@code simulator}, …), for code that goes by the type. */
  public FakeProvider(String name, String type) {
    this.name = name;
    this.type = type;
  }

  public static Behaviour reply(String text) {
    return new Reply(List.of(text));
  }

  public static Behaviour refuse(String text, String refusal) {
    return new Refused(text, refusal);
  }

  public static Behaviour fail(Kind kind, int status, Duration retryAfter) {
    return new Fail(kind, status, retryAfter);
  }

  public static Behaviour fail(Kind kind) {
    return new Fail(kind, 0, null);
  }

  /** Fails with {@code kind} before the request is sent ({@link ProviderException#notSent}). */
  public static Behaviour failBeforeSending(Kind kind) {
    return new NotSent(kind);
  }

  public static Behaviour hang() {
    return new Hang();
  }

  public static Behaviour streamReply(String... chunks) {
    return new Reply(List.of(chunks));
  }

  /** Streams {@code chunks} numbered chunks ({@code "c0"}, {@code "c1"}, ...), then fails. */
  public static Behaviour streamFailAfter(int chunks, Kind kind) {
    return new StreamFailure(numbered(chunks), kind);
  }

  public static Behaviour streamStallBeforeFirst(Duration stall) {
    return new StallBeforeFirst(stall, List.of("late"));
  }

  /** Streams {@code chunks} numbered chunks, then stalls until closed. */
  public static Behaviour streamStallAfter(int chunks) {
    return new StallAfter(numbered(chunks));
  }

  /** Streams these chunks as they are, then ends. */
  public static Behaviour streamChunks(ChatChunk... chunks) {
    return new StreamChunks(List.of(chunks), null, null, false);
  }

  /** Streams these chunks as they are, then fails with {@code kind} from {@code next()}. */
  public static Behaviour streamChunksThenFail(Kind kind, ChatChunk... chunks) {
    return new StreamChunks(List.of(chunks), kind, null, false);
  }

  /**
   * Streams these chunks as they are, then an error event of the upstream saying {@code said} ({@code event: error},
   * {@code data: {"error": …}}): {@code next()} fails with {@code kind} and what the upstream said.
   */
  public static Behaviour streamChunksThenError(Kind kind, UpstreamError said, ChatChunk... chunks) {
    return new StreamChunks(List.of(chunks), kind, said, false);
  }

  /** Streams these chunks as they are, then the next {@code next()} blocks until the stream is closed. */
  public static Behaviour streamChunksThenStall(ChatChunk... chunks) {
    return new StreamChunks(List.of(chunks), null, null, true);
  }

  /** A chunk of one choice with this delta and finish reason (null: none). */
  public static ChatChunk chunk(ChatChunk.Delta delta, String finishReason) {
    return new ChatChunk("fake-chunk", ChatChunk.OBJECT, 0L, "fake",
        List.of(new ChatChunk.Choice(0, delta, finishReason, null)), null, null, null);
  }

  /** The content-free chunk many upstreams open a stream with: role {@code assistant}, content {@code ""}. */
  public static ChatChunk roleChunk() {
    return chunk(new ChatChunk.Delta("assistant", "", null, null, null), null);
  }

  /** A chunk of text. */
  public static ChatChunk textChunk(String text) {
    return chunk(ChatChunk.Delta.text(text), null);
  }

  /** Queues behaviours for the next calls, in order. */
  public synchronized FakeProvider then(Behaviour... behaviours) {
    script.addAll(Arrays.asList(behaviours));
    return this;
  }

  /** What every call does once the queue is empty (initially {@code reply("ok")}). */
  public synchronized FakeProvider byDefault(Behaviour behaviour) {
    this.fallback = behaviour;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    typeAsked.incrementAndGet();
    return type;
  }

  /** How often {@link #type()} was asked. */
  public int typeAsked() {
    return typeAsked.get();
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(true, true, true, false);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
    Behaviour behaviour = begin(request, context);
    return switch (behaviour) {
      case Reply r -> capped(request, String.join("", r.chunks()), context.outputTokenCap());
      case Refused r -> refusal(request, r);
      case StallBeforeFirst s -> response(request, String.join("", s.chunks()));
      case StreamFailure f -> throw failure(f.kind(), 0, null);
      case StallAfter s -> throw hangUntil(context);
      case StreamChunks s -> throw new IllegalStateException("scripted chunks are for streams only: " + s);
      case Fail f -> throw failure(f.kind(), f.status(), f.retryAfter());
      case NotSent n -> throw ProviderException.notSent(n.kind(), name + ": scripted " + n.kind() + " before sending");
      case Hang h -> throw new IllegalStateException("begin() plays out hangs: " + h);
      case Delayed d -> throw new IllegalStateException("begin() plays out delays: " + d);
    };
  }

  @Override
  public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
    Behaviour behaviour = begin(request, context);
    return switch (behaviour) {
      case Reply r -> new FakeStream(this, request, r.chunks(), null, Duration.ZERO, false);
      case Refused r -> new FakeStream(this, refusalChunks(r), null, null, false);
      case StreamFailure f -> new FakeStream(this, request, f.chunks(), f.kind(), Duration.ZERO, false);
      case StallBeforeFirst s -> new FakeStream(this, request, s.chunks(), null, s.stall(), false);
      case StallAfter s -> new FakeStream(this, request, s.chunks(), null, Duration.ZERO, true);
      case StreamChunks s -> new FakeStream(this, s.chunks(), s.failure(), s.said(), s.stallAtEnd());
      case Fail f -> throw failure(f.kind(), f.status(), f.retryAfter());
      case NotSent n -> throw ProviderException.notSent(n.kind(), name + ": scripted " + n.kind() + " before sending");
      case Hang h -> throw new IllegalStateException("begin() plays out hangs: " + h);
      case Delayed d -> throw new IllegalStateException("begin() plays out delays: " + d);
    };
  }

  /** Records the call, takes its behaviour, and plays out delays and hangs. */
  private Behaviour begin(ChatRequest request, CallContext context) throws ProviderException {
    Behaviour behaviour;
    synchronized (this) {
      calls.incrementAndGet();
      received.add(new Received(request.model(), request.streaming(), request, context.outputTokenCap()));
      behaviour = script.isEmpty() ? fallback : script.poll();
    }
    while (true) {
      if (behaviour instanceof Delayed d) {
        if (await(d.delay().toNanos())) throw failure(Kind.CANCELLED, 0, null);
        behaviour = d.then();
      } else if (behaviour instanceof Hang) {
        throw hangUntil(context);
      } else {
        return behaviour;
      }
    }
  }

  /** A real provider gives up waiting for an answer to start at the context's start deadline; so does the fake. */
  private ProviderException hangUntil(CallContext context) {
    await(context.startDeadlineNanos() - System.nanoTime());
    return new ProviderException(Kind.TIMEOUT, 0, name + ": upstream did not answer in time");
  }

  /** Waits up to {@code nanos}; true when the provider was closed (or the thread interrupted) meanwhile. */
  private boolean await(long nanos) {
    try {
      return closed.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private ProviderException failure(Kind kind, int status, Duration retryAfter) {
    return new ProviderException(kind, status, name + ": scripted " + kind, retryAfter, null);
  }

  private ChatResponse response(ChatRequest request, String text) {
    return response(request, text, "stop");
  }

  /**
   * A non-streamed reply cut, as a real upstream cuts it, at the gateway's output cap (in words) when the request
   * sets no limit of its own.
   */
  private ChatResponse capped(ChatRequest request, String text, Integer cap) {
    String[] words = text.strip().split("\\s+");
    if (cap == null || request.outputTokenLimit() != null || words.length <= cap) return response(request, text);
    return response(request, String.join(" ", Arrays.copyOf(words, cap)), "length");
  }

  private ChatResponse response(ChatRequest request, String text, String finishReason) {
    return new ChatResponse("fake-" + calls.get(), "chat.completion", System.currentTimeMillis() / 1000,
        request.model(), List.of(new ChatResponse.Choice(0, Message.assistant(text), finishReason, null)),
        usage(request, text), null, null);
  }

  private ChatResponse refusal(ChatRequest request, Refused r) {
    Message refused = new Message("assistant", r.text() == null ? null : Content.text(r.text()), null, null, null,
        r.refusal(), null);
    return new ChatResponse("fake-" + calls.get(), "chat.completion", System.currentTimeMillis() / 1000,
        request.model(), List.of(new ChatResponse.Choice(0, refused, "content_filter", null)),
        usage(request, r.text() == null ? "" : r.text()), null, null);
  }

  private static List<ChatChunk> refusalChunks(Refused r) {
    List<ChatChunk> chunks = new ArrayList<>(List.of(roleChunk()));
    if (r.text() != null) chunks.add(textChunk(r.text()));
    chunks.add(chunk(new ChatChunk.Delta(null, null, null, r.refusal(), null), "content_filter"));
    return chunks;
  }

  static Usage usage(ChatRequest request, String text) {
    int prompt = 1;
    if (request.messages() != null) {
      for (Message m : request.messages()) prompt += words(m.text());
    }
    return Usage.of(prompt, Math.max(1, words(text)));
  }

  private static int words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  private static List<String> numbered(int count) {
    List<String> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) chunks.add("c" + i);
    return chunks;
  }

  void streamClosed() {
    closedStreams.incrementAndGet();
  }

  void waits(int change) {
    waiting.addAndGet(change);
  }

  /** How many readers are waiting now inside a stalled stream of this provider (none once every stall was closed). */
  public int waiting() {
    return waiting.get();
  }

  /** Releases every hang and delay in progress. */
  @Override
  public void close() {
    closed.countDown();
  }

  /** The requests received so far, in order. */
  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The upstream model names received so far, in order. */
  public synchronized List<String> models() {
    return received.stream().map(Received::model).toList();
  }

  public int calls() {
    return calls.get();
  }

  /** How many streams this provider opened were closed (each counted once, however often it was closed). */
  public int closes() {
    return closedStreams.get();
  }

  @Override
  public String toString() {
    return "FakeProvider[" + name + "]";
  }
}
