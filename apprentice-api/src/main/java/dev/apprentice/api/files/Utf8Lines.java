package dev.apprentice.api.files;

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
 * names the line to fix, as a bad row does, whichever command reads it. A newline byte never occurs inside a UTF-8
 * sequence, so lines are counted on the bytes.
 */
public final class Utf8Lines {

  private Utf8Lines() {}

  /** The refusal of {@code file}, read as UTF-8 and found not to be, named as its path: see {@link #refusal(Path, String)}. */
  public static String refusal(Path file) {
    return refusal(file, file.toString());
  }

  /**
   * The refusal of {@code file}, read as UTF-8 and found not to be, naming it {@code name}: {@code NAME line 7: not
   * UTF-8 text (the file must be UTF-8 throughout)}, or {@code NAME is not UTF-8 text} when no line is found (the file
   * changed since, or cannot be read again).
   */
  public static String refusal(Path file, String name) {
    long line;
    try {
      line = firstBadLine(file);
    } catch (IOException e) {
      line = 0;
    }
    return line == 0 ? name + " is not UTF-8 text"
        : name + " line " + line + ": not UTF-8 text (the file must be UTF-8 throughout)";
  }

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
