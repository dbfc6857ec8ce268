package dev.apprentice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a file stops being UTF-8: the line of its first byte that is not, so that a file refused as not UTF-8 text
 * names the line to fix, as a bad row does. A newline byte never occurs inside a UTF-8 sequence, so lines are
 * counted on the bytes.
 */
public final class Utf8Lines {

  private Utf8Lines() {}

  /** The 1-based line of the first byte of {@code file} that is not UTF-8, or 0 when it is UTF-8 throughout. */
  public static long firstBadLine(Path file) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).limit(0); // the bytes read and not yet decoded
    CharBuffer chars = CharBuffer.allocate(64 * 1024);
    long line = 1;
    try (InputStream in = Files.newInputStream(file)) {
      boolean end = false;
      while (!end) {
        int read = in.read(bytes.array(), bytes.limit(), bytes.capacity() - bytes.limit());
        end = read < 0;
        if (read > 0) bytes.limit(bytes.limit() + read);
        while (true) {
          int from = bytes.position();
          CoderResult result = decoder.decode(bytes, chars, end);
          line += newlines(bytes, from, bytes.position());
          chars.clear();
          if (result.isError()) return line;
          if (result.isUnderflow()) break;
        }
        bytes.compact().flip(); // the bytes of a sequence cut by the buffer's end wait for the next read
      }
      return decoder.flush(chars).isError() ? line : 0;
    }
  }

  private static long newlines(ByteBuffer bytes, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) if (bytes.get(i) == '\n') n++;
    return n;
  }
}
