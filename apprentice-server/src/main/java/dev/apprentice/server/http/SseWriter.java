package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events in OpenAI's form: {@code data: {json}} events, then {@code data: [DONE]} (or the Responses
 * API's named events, which end without it). Thread-safe, so that a {@link SseHeartbeat} can write comments while the
 * serving thread waits on the upstream.
 */
final class SseWriter {

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private long lastWriteNanos = System.nanoTime();
  private boolean finished;

  SseWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes one chunk; it reaches the client at the next {@link #flush()}. */
  synchronized void chunk(ChatChunk chunk) throws IOException {
    byte[] json;
    try {
      json = ServerJson.WIRE.writeValueAsBytes(chunk);
    } catch (JsonProcessingException e) {
      throw new IOException("could not serialise a chunk", e);
    }
    event(json);
  }

  /** Writes one chunk given as its JSON bytes. */
  synchronized void event(byte[] json) throws IOException {
    byte[] event = new byte[DATA.length + json.length + END.length];
    System.arraycopy(DATA, 0, event, 0, DATA.length);
    System.arraycopy(json, 0, event, DATA.length, json.length);
    System.arraycopy(END, 0, event, DATA.length + json.length, END.length);
    out.write(event);
  }

  /** Writes one named event ({@code event: NAME} then {@code data: JSON}), as the Responses API streams. */
  synchronized void named(String name, byte[] json) throws IOException {
    out.write(("event: " + name + "\n").getBytes(StandardCharsets.US_ASCII));
    event(json);
  }

  /** An error event in OpenAI's shape; the stream ends after it, without [DONE]. */
  synchronized void error(ErrorCode code, String message) throws IOException {
    out.write(DATA);
    out.write(ErrorResponses.body(code, message, null));
    out.write(END);
    flush();
  }

  synchronized void done() throws IOException {
    out.write(DONE);
    flush();
  }

  /**
   * An SSE comment (ignored by clients) when nothing was written for {@code idleNanos}; writing is the only way to
   * learn that the client went away. Does nothing once {@link #finish()} was called.
   *
   * @return nanoseconds until the next keep-alive is due
   */
  synchronized long keepAliveIfIdle(long idleNanos) throws IOException {
    long silent = System.nanoTime() - lastWriteNanos;
    if (finished) return idleNanos;
    if (silent < idleNanos) return idleNanos - silent;
    out.write(KEEP_ALIVE);
    flush();
    return idleNanos;
  }

  /** No keep-alive is written after this returns; call before the output stream is closed. */
  synchronized void finish() {
    finished = true;
  }

  /** Sends what was written so far to the client. */
  synchronized void flush() throws IOException {
    out.flush();
    lastWriteNanos = System.nanoTime();
  }
}
