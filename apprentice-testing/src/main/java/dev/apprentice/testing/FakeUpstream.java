package dev.apprentice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/**
 * A scriptable fake model API on a real local socket, in the MockWebServer style: enqueue answers, point a
 * provider at {@link #baseUrl()}, then {@link #takeRequest()} to assert on what the provider sent.
 */
public final class FakeUpstream implements AutoCloseable {

  private final MockWebServer server = new MockWebServer();

  public FakeUpstream() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base URL ending in {@code /v1}, as OpenAI-compatible providers are configured. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getPort() + "/v1";
  }

  /** Base URL without a path, as the Anthropic provider is configured. */
  public String rootUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  public FakeUpstream enqueue(MockResponse response) {
    server.enqueue(response);
    return this;
  }

  public FakeUpstream json(int status, String body) {
    return enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build());
  }

  public FakeUpstream json(int status, String body, String headerName, String headerValue) {
    return enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .setHeader(headerName, headerValue).body(body).build());
  }

  public FakeUpstream html(int status, String body) {
    return enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "text/html").body(body).build());
  }

  /** An SSE answer: each element is one event's raw text (e.g. {@code "data: {...}"}), separated by blank lines. */
  public FakeUpstream sse(List<String> events) {
    return enqueue(sseResponse(events).build());
  }

  /** An answer that arrives only after a delay (headers and body). */
  public FakeUpstream delayed(Duration delay, int status, String body) {
    return enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS).body(body).build());
  }

  /** An SSE answer whose body starts only after a delay: the headers come at once, the first token late. */
  public FakeUpstream sseDelayed(Duration delay, List<String> events) {
    return enqueue(sseResponse(events).bodyDelay(delay.toMillis(), TimeUnit.MILLISECONDS).build());
  }

  /**
   * An SSE answer that sends its first event at once and each later one after {@code pause}, as a model that
   * thinks between tokens does; the body is chunked and flushed event by event.
   */
  public FakeUpstream ssePaced(Duration pause, List<String> events) {
    return enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(new PacedEvents(events, pause, true, Duration.ZERO)).removeHeader("Content-Length").setHeader("Transfer-Encoding", "chunked")
        .build());
  }

  /**
   * A JSON answer whose status and headers come at once and whose body trickles in: {@code keepAlives} bits of
   * whitespace, one each {@code pause}, before the JSON itself (as a proxy that keeps a slow answer's connection
   * alive sends them), so that no single read waits long.
   */
  public FakeUpstream jsonTrickled(Duration pause, int keepAlives, String body) {
    return jsonTrickled(200, pause, keepAlives, body);
  }

  /** As {@link #jsonTrickled(Duration, int, String)}, answering {@code status} (an error's body that trickles in). */
  public FakeUpstream jsonTrickled(int status, Duration pause, int keepAlives, String body) {
    List<String> parts = new java.util.ArrayList<>(java.util.Collections.nCopies(keepAlives, " "));
    parts.add(body);
    return enqueue(chunkedJson(status, parts, pause).build());
  }

  /**
   * A JSON answer whose status and headers come at once, a bit of whitespace after {@code firstAfter}, and the JSON
   * itself only after {@code stall} more: a body whose read starts late in a try and then waits long.
   */
  public FakeUpstream jsonStalled(Duration firstAfter, Duration stall, String body) {
    return enqueue(chunkedJson(200, List.of(" ", body), stall)
        .bodyDelay(firstAfter.toMillis(), TimeUnit.MILLISECONDS).build());
  }

  private static MockResponse.Builder chunkedJson(int status, List<String> parts, Duration pause) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .body(new PacedEvents(parts, pause, true, Duration.ZERO)).removeHeader("Content-Length")
        .setHeader("Transfer-Encoding", "chunked");
  }

  /**
   * An SSE answer whose connection closes mid-body: the events arrive as chunks, then the socket is closed without
   * the chunked body's last chunk (an upstream that crashed or a proxy that gave up).
   */
  public FakeUpstream sseCutMidBody(List<String> events) {
    return enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(new PacedEvents(events, Duration.ZERO, false, Duration.ZERO)).removeHeader("Content-Length")
        .setHeader("Transfer-Encoding", "chunked").onResponseEnd(new SocketEffect.CloseSocket()).build());
  }

  /**
   * An SSE answer that sends its events at once, then keeps the body open for {@code hold} before its last chunk (a
   * server or proxy that is slow to end a stream whose logical end, such as {@code [DONE]}, was already sent).
   */
  public FakeUpstream sseThenHold(Duration hold, List<String> events) {
    return enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(new PacedEvents(events, Duration.ZERO, true, hold)).removeHeader("Content-Length")
        .setHeader("Transfer-Encoding", "chunked").build());
  }

  /** A JSON answer that promises {@code claimedLength} bytes, sends {@code partial}, and closes the connection. */
  public FakeUpstream jsonCutMidBody(String partial, int claimedLength) {
    return enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(partial).setHeader("Content-Length", claimedLength).onResponseEnd(new SocketEffect.CloseSocket())
        .build());
  }

  /**
   * The connection is dropped once the request has arrived, before any answer: the socket is closed without a status
   * line, a header or a byte (the request is recorded, for {@link #takeRequest()}). MockWebServer honours only a
   * socket close at the start of a request, and only before reading it, so the close comes as the answer starts.
   */
  public FakeUpstream connectionReset() {
    return enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
  }

  /** Takes the next request the fake received, waiting up to five seconds. */
  public Recorded takeRequest() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      if (request == null) throw new AssertionError("the fake upstream received no request");
      String body = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
      return new Recorded(request.getMethod(), request.getTarget(), body, request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    server.close();
  }

  private static MockResponse.Builder sseResponse(List<String> events) {
    StringBuilder body = new StringBuilder();
    for (String event : events) body.append(event).append("\n\n");
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .chunkedBody(body.toString(), 64);
  }

  /**
   * Writes each event as its own HTTP chunk, flushed, with a pause before every event but the first, and {@code hold}
   * before the body's end.
   */
  private record PacedEvents(List<String> events, Duration pause, boolean ends, Duration hold)
      implements MockResponseBody {

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      for (int i = 0; i < events.size(); i++) {
        if (i > 0) sleep(pause);
        chunk(sink, (events.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
        sink.flush();
      }
      sleep(hold);
      if (ends) sink.writeUtf8("0\r\n\r\n");
      sink.flush();
    }

    private static void sleep(Duration duration) throws IOException {
      if (duration.isZero()) return;
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while pausing", e);
      }
    }

    private static void chunk(BufferedSink sink, byte[] bytes) throws IOException {
      sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
    }
  }

  /** A request as the fake received it. */
  public record Recorded(String method, String path, String body, RecordedRequest raw) {
    public String header(String name) {
      return raw.getHeaders().get(name);
    }
  }
}
