package dev.apprentice.providers.openai;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.SseEvent;
import dev.apprentice.providers.http.SseReader;
import dev.apprentice.providers.http.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The chunks of an OpenAI-compatible {@code text/event-stream}, parsed one event at a time as they are pulled. Ends at
 * {@code data: [DONE]}, or at the end of the body when a finish reason was already seen (lenient servers); any other
 * end is a failure. Not thread-safe except {@link #close()}, which may come from any thread.
 */
final class OpenAiStream implements ChunkStream {

  private static final String DONE = "[DONE]";

  private final SseReader reader;
  private byte[] lastJson;
  private final HttpHeaders headers;
  /** The answer's status (2xx), which a connection lost before the stream's end is reported with. */
  private final int status;
  private final Upstream upstream;
  private volatile boolean closed;
  private volatile boolean ended; // read by close(), which may come from another thread
  private boolean sawFinish;
  private ProviderException failure;

  OpenAiStream(InputStream body, int status, HttpHeaders headers, Upstream upstream) {
    this.reader = new SseReader(body);
    this.status = status;
    this.headers = headers;
    this.upstream = upstream;
  }

  /** The chunk exactly as the upstream wrote it: OpenAI's format is the gateway's, so nothing needs re-encoding. */
  @Override
  public byte[] lastChunkJson() {
    return lastJson;
  }

  @Override
  public boolean ready() {
    return reader.ready();
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (ended) return null;
    if (failure != null) throw failure;
    try {
      return read();
    } catch (ProviderException e) {
      failure = closed ? cancelled(null) : e;
      close();
      throw failure;
    }
  }

  private ChatChunk read() throws ProviderException {
    while (true) {
      if (closed) throw cancelled(null);
      SseEvent event;
      try {
        event = reader.next();
      } catch (IOException e) {
        throw closed ? cancelled(e) : upstream.readFailure(status, e);
      }
      if (event == null) return endOfBody();
      if (event.dataIs(DONE)) {
        finish();
        return null;
      }
      if (SseReader.ERROR.equals(event.event())) { // event: error, or llama.cpp's error: line
        throw OpenAiResponses.errorEvent(event.data(), headers, upstream);
      }
      if (event.blank()) continue;
      byte[] data = event.bytes();
      ChatChunk chunk;
      try {
        chunk = OpenAiResponses.chunk(data, headers, upstream);
      } catch (ProviderException e) {
        byte[] repaired = event.data().getBytes(StandardCharsets.UTF_8); // bad UTF-8 becomes U+FFFD, as text would
        if (Arrays.equals(repaired, data)) throw e;
        data = repaired;
        chunk = OpenAiResponses.chunk(data, headers, upstream);
      }
      lastJson = oneLine(data) ? data : null; // forwarded as one SSE line, or re-encoded
      // a plain loop: a choice's last chunk alone is read further
      List<ChatChunk.Choice> choices = chunk.choices();
      for (int i = 0, n = choices.size(); i < n; i++) {
        if (choices.get(i).finishReason() != null) return finishing(chunk);
      }
      return chunk;
    }
  }

  private ChatChunk endOfBody() throws ProviderException {
    if (closed) throw cancelled(null);
    if (!sawFinish) throw upstream.badResponse("stream ended before [DONE]", null);
    finish();
    return null;
  }

  /**
   * The logical end was read. The body's last bytes are read in {@link #close()}, after the caller has answered its
   * client: an upstream that keeps the body open after [DONE] must not hold the client's own end back.
   */
  private void finish() {
    ended = true;
  }

  private static boolean oneLine(byte[] data) {
    for (byte b : data) {
      if (b == '\n' || b == '\r') return false;
    }
    return true;
  }

  /**
   * A chunk with a finish reason, as {@link OpenAiResponses#finishing} reads it. When that changed a choice (a
   * {@code ""} finish reason made {@code null}), the chunk is re-encoded for the client, so that it sees what the
   * gateway read.
   */
  private ChatChunk finishing(ChatChunk chunk) throws ProviderException {
    ChatChunk read = OpenAiResponses.finishing(chunk, headers, upstream);
    if (read.choices() != chunk.choices()) lastJson = null;
    for (ChatChunk.Choice choice : read.choices()) sawFinish |= choice.finishReason() != null;
    return read;
  }

  private ProviderException cancelled(Throwable cause) {
    return new ProviderException(ProviderException.Kind.CANCELLED, 0,
        upstream.providerName() + ": stream closed", null, cause);
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (ended) reader.finish(); // ended normally: read the rest so that the connection can be reused
    else reader.close();
  }
}
