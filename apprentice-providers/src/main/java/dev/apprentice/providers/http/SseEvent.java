package dev.apprentice.providers.http;

import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Event: its {@code event:} name (null when absent) and its {@code data:} lines joined by newlines,
 * as the upstream's UTF-8 bytes (the array is the event's own; nobody changes it).
 */
public record SseEvent(String event, byte[] bytes) {

  /** The data as text. */
  public String data() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** True when the data, without surrounding whitespace, is exactly {@code ascii}. */
  public boolean dataIs(String ascii) {
    int from = 0;
    int to = bytes.length;
    while (from < to && isSpace(bytes[from])) from++;
    while (to > from && isSpace(bytes[to - 1])) to--;
    if (to - from != ascii.length()) return false;
    for (int i = 0; i < ascii.length(); i++) {
      if (bytes[from + i] != ascii.charAt(i)) return false;
    }
    return true;
  }

  /** True when the data holds nothing but whitespace. */
  public boolean blank() {
    for (byte b : bytes) {
      if (!isSpace(b)) return false;
    }
    return true;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
