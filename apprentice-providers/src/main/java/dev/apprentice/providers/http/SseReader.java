package dev.apprentice.providers.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events from a byte stream, per the WHATWG rules that matter for model APIs: {@code event:} and
 * {@code data:} fields, multi-line data, comments, and CR/LF/CRLF line ends. Not thread-safe; {@link #close()} may
 * be called from another thread to cancel a blocked read.
 */
public final class SseReader implements AutoCloseable {

  private final InputStream in;
  private final BufferedReader reader;

  public SseReader(InputStream in) {
    this.in = in;
    // SSE lines are short and longer ones still work (the reader grows its line): a small buffer keeps the
    // per-stream garbage down, which matters at thousands of streams a second
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1024);
  }

  /** The next event, or null when the stream ended. An event still being built at the end is returned first. */
  public SseEvent next() throws IOException {
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) return new SseEvent(event, data.toString());
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') continue;
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      switch (field) {
        case "event" -> event = value;
        case "data" -> {
          if (data == null) data = new StringBuilder(value.length());
          else data.append('\n');
          data.append(value);
        }
        default -> { }
      }
    }
    return data == null ? null : new SseEvent(event, data.toString());
  }

  /** True when the next event's first line is already buffered (reading it will not wait on the network). */
  public boolean ready() {
    try {
      return reader.ready();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Ends a stream whose logical end was read ({@code [DONE]}, {@code message_stop}): reads the little that is left
   * (the transfer encoding's last chunk) so that the connection can be reused, then closes. Not for cancelling.
   */
  public void finish() {
    try {
      char[] rest = new char[512];
      int left = 16 * 1024;
      int n;
      while (left > 0 && (n = reader.read(rest)) >= 0) left -= n;
    } catch (IOException ignored) {
      // the connection is gone: nothing to reuse
    }
    close();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing is best effort: the connection is being abandoned anyway
    }
  }
}
