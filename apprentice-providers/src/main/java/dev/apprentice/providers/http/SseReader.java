package dev.apprentice.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Server-Sent Events from a byte stream, per the WHATWG rules that matter for model APIs: {@code event:} and
 * {@code data:} fields, multi-line data, comments, and CR/LF/CRLF line ends. Works on bytes: an event's data is
 * handed on as the upstream's UTF-8, which JSON parsers read and the gateway forwards without decoding and encoding
 * it again. An {@code error:} line is read as the data of an event named {@value #ERROR} (llama.cpp). Reads ask
 * for at most {@value #READ_SIZE} bytes, because Helidon's client allocates a buffer of the
 * size asked for on every read (an 8 KB one per SSE event behind a {@code Reader} was 43% of the gateway's
 * allocation at streaming saturation). Not thread-safe; {@link #close()} may be called from another thread to
 * cancel a blocked read.
 */
public final class SseReader implements AutoCloseable {

  static final int READ_SIZE = 512;
  /** The longest event data accepted (a stream is text deltas; a larger event is a broken or hostile upstream). */
  static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
  /**
   * The event name of an {@code error:} line, which llama.cpp's server writes in place of {@code data:} for a failure
   * after its 200 (its {@code server_sent_event(sink, "error", ...)}); the SSE spec would ignore the field, and the
   * stream would then end as if answered.
   */
  public static final String ERROR = "error";

  private final InputStream in;
  private byte[] buffer = new byte[2 * READ_SIZE];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean skipLineFeed;
  private byte[] data = new byte[READ_SIZE];
  private int dataLength;

  public SseReader(InputStream in) {
    this.in = in;
  }

  /** The next event, or null when the stream ended. An event still being built at the end is returned first. */
  public SseEvent next() throws IOException {
    String event = null;
    boolean hasData = false;
    dataLength = 0;
    int end;
    while ((end = lineEnd()) >= 0) {
      int start = pos;
      consumeLine(end);
      if (end == start) {
        if (hasData) return new SseEvent(event, Arrays.copyOf(data, dataLength));
        event = null;
        continue;
      }
      if (buffer[start] == ':') continue;
      int colon = indexOf(':', start, end);
      int fieldEnd = colon < 0 ? end : colon;
      int value = colon < 0 ? end : colon + 1;
      if (value < end && buffer[value] == ' ') value++;
      boolean dataLine = is("data", start, fieldEnd); // the line nearly every event is: tested first
      if (dataLine || is("error", start, fieldEnd)) {
        if (!dataLine) event = ERROR;
        if (hasData) appendData((byte) '\n');
        hasData = true;
        appendData(value, end);
      } else if (is("event", start, fieldEnd)) {
        event = new String(buffer, value, end - value, StandardCharsets.UTF_8);
      }
    }
    return hasData ? new SseEvent(event, Arrays.copyOf(data, dataLength)) : null;
  }

  /**
   * True when a whole event with data is already here, so that {@link #next()} will not wait on the network. Bytes
   * the stream says are available are read first (without blocking). A part of an event is not enough: a writer that
   * holds back its flush while the rest of an event is on its way would hold the previous chunk back with it.
   */
  public boolean ready() {
    if (eventBuffered()) return true;
    try {
      int available = in.available();
      if (available <= 0 || eof) return false;
      fill(Math.min(available, READ_SIZE));
      return eventBuffered();
    } catch (IOException e) {
      return false;
    }
  }

  /** True when the buffered bytes hold a data line followed by a blank line (the end of an event {@link #next} returns). */
  private boolean eventBuffered() {
    int i = pos;
    if (skipLineFeed && i < limit && buffer[i] == '\n') i++;
    boolean data = false;
    int lineStart = i;
    for (; i < limit; i++) {
      byte b = buffer[i];
      if (b != '\n' && b != '\r') continue;
      if (i == lineStart) {
        if (data) return true;
      } else if (isDataLine(lineStart, i)) {
        data = true;
      }
      if (b == '\r' && i + 1 < limit && buffer[i + 1] == '\n') i++;
      lineStart = i + 1;
    }
    return false;
  }

  private boolean isDataLine(int from, int to) {
    int colon = indexOf(':', from, to);
    int fieldEnd = colon < 0 ? to : colon;
    return is("data", from, fieldEnd) || is("error", from, fieldEnd);
  }

  /**
   * Ends a stream whose logical end was read ({@code [DONE]}, {@code message_stop}): reads the little that is left
   * (the transfer encoding's last chunk) so that the connection can be reused, then closes. Not for cancelling.
   */
  public void finish() {
    try {
      int left = 16 * 1024;
      int n;
      while (left > 0 && (n = in.read(buffer, 0, Math.min(READ_SIZE, buffer.length))) >= 0) left -= n;
    } catch (IOException | RuntimeException ignored) {
      // the connection is gone: nothing to reuse
    }
    close();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // closing is best effort: the connection is being abandoned anyway
    }
  }

  /**
   * The index where the line starting at {@code pos} ends (its CR or LF, or the end of the stream), reading more when
   * needed; -1 when nothing is left.
   */
  private int lineEnd() throws IOException {
    int scanned = 0; // bytes after pos already known to hold no line break
    while (true) {
      if (skipLineFeed && pos < limit) {
        skipLineFeed = false;
        if (buffer[pos] == '\n') pos++;
      }
      for (int i = pos + scanned; i < limit; i++) {
        byte b = buffer[i];
        if (b == '\n' || b == '\r') return i;
      }
      scanned = limit - pos;
      if (eof) return pos < limit ? limit : -1;
      fill();
    }
  }

  /** Moves past the line ending at {@code end} and its line break (a CRLF's LF may still be unread). */
  private void consumeLine(int end) {
    if (end >= limit) {
      pos = limit;
      return;
    }
    pos = end + 1;
    if (buffer[end] == '\r') skipLineFeed = true;
  }

  /** Reads more bytes after the unread ones, moving them to the front or growing the buffer first. */
  private void fill() throws IOException {
    fill(READ_SIZE);
  }

  /** As {@link #fill()}, asking for at most {@code size} bytes (at most {@link #READ_SIZE}). */
  private void fill(int size) throws IOException {
    if (pos > 0) {
      System.arraycopy(buffer, pos, buffer, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit + READ_SIZE > buffer.length) {
      if (buffer.length >= MAX_EVENT_BYTES) {
        throw new IOException("an SSE line is longer than " + MAX_EVENT_BYTES + " bytes");
      }
      buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_EVENT_BYTES));
    }
    int n = in.read(buffer, limit, size);
    if (n < 0) eof = true;
    else limit += n;
  }

  private void appendData(int from, int to) throws IOException {
    int length = to - from;
    ensureData(length);
    System.arraycopy(buffer, from, data, dataLength, length);
    dataLength += length;
  }

  private void appendData(byte b) throws IOException {
    ensureData(1);
    data[dataLength++] = b;
  }

  private void ensureData(int more) throws IOException {
    if (dataLength + more <= data.length) return;
    if ((long) dataLength + more > MAX_EVENT_BYTES) {
      throw new IOException("an SSE event is larger than " + MAX_EVENT_BYTES + " bytes");
    }
    data = Arrays.copyOf(data, Math.min(Math.max(data.length * 2, dataLength + more), MAX_EVENT_BYTES));
  }

  private int indexOf(char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == c) return i;
    }
    return -1;
  }

  private boolean is(String name, int from, int to) {
    if (to - from != name.length()) return false;
    for (int i = 0; i < name.length(); i++) {
      if (buffer[from + i] != name.charAt(i)) return false;
    }
    return true;
  }
}
