package dev.apprentice.local.collection;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document's text into overlapping chunks of at most {@code size} characters, cutting at a paragraph break
 * if one lies in the second half of the window, else after a sentence, else at whitespace, else (one huge word)
 * anywhere but inside a surrogate pair. Sizes are in characters: independent of the embedding model's tokenizer, and
 * 800 characters of English prose (about 180 word-piece tokens) fit the 256-token window of all-MiniLM-L6-v2;
 * technical text with code and markup needs smaller chunks.
 *
 * <p>Chunks are exact substrings of the text without their leading and trailing whitespace; every character that is
 * not whitespace lies in at least one chunk. Each chunk after the first starts about {@code overlap} characters
 * before the previous one ended, at a word's start where there is one.
 */
public final class Chunker {

  /** The default chunk size in characters. */
  public static final int DEFAULT_SIZE = 800;
  /** The default overlap in characters (for chunks under 200 characters, half a chunk: {@link #defaultOverlap}). */
  public static final int DEFAULT_OVERLAP = 100;
  /** The smallest chunk size accepted. */
  public static final int MIN_SIZE = 50;
  /** The largest chunk size accepted. */
  public static final int MAX_SIZE = 20_000;

  private final int size;
  private final int overlap;

  /**
   * The overlap of chunks of {@code size} when none is given: {@link #DEFAULT_OVERLAP}, or half a chunk when that is
   * less, so that small chunks are not refused for an overlap the caller never wrote (a given one may be half a chunk
   * at most).
   */
  public static int defaultOverlap(int size) {
    return Math.clamp(size / 2, 0, DEFAULT_OVERLAP);
  }

  /**
   * @param size    the most characters in one chunk, {@value #MIN_SIZE} to {@value #MAX_SIZE}
   * @param overlap characters repeated from the end of one chunk at the start of the next, 0 to half of {@code size}
   */
  public Chunker(int size, int overlap) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException("chunk size must be " + MIN_SIZE + " to " + MAX_SIZE + " characters; got " + size);
    }
    if (overlap < 0 || overlap > size / 2) {
      throw new IllegalArgumentException("chunk overlap must be 0 to half the chunk size (" + size / 2
          + " characters); got " + overlap);
    }
    this.size = size;
    this.overlap = overlap;
  }

  /** One piece of a text: {@code text.substring(start, end)}, numbered from 0. */
  public record Chunk(int index, int start, int end, String text) {}

  /** The chunks of a text, in order; none for an empty or blank text. CRLF line ends count as line ends. */
  public List<Chunk> split(String text) {
    List<Chunk> chunks = new ArrayList<>();
    int n = text.length();
    int pos = skipSpace(text, 0);
    while (pos < n) {
      int end = n - pos <= size ? n : cut(text, pos, pos + size);
      int trimmed = trimEnd(text, pos, end);
      chunks.add(new Chunk(chunks.size(), pos, trimmed, text.substring(pos, trimmed)));
      if (skipSpace(text, end) >= n) break;
      pos = skipSpace(text, nextStart(text, pos, end));
    }
    return chunks;
  }

  /** Where the chunk starting at {@code pos} ends, given the window's limit (exclusive). */
  private int cut(String text, int pos, int limit) {
    int earliest = pos + size / 2;
    int at = lastParagraphBreak(text, earliest, limit);
    if (at < 0) at = lastSentenceEnd(text, earliest, limit);
    if (at < 0) at = lastSpace(text, earliest, limit);
    if (at < 0) at = Character.isLowSurrogate(text.charAt(limit)) ? limit - 1 : limit;
    return at;
  }

  /** The start of the last blank line (a line end, blanks, a line end) in (earliest, limit], or -1. */
  private static int lastParagraphBreak(String text, int earliest, int limit) {
    for (int i = limit - 1; i > earliest; i--) {
      if (text.charAt(i) != '\n') continue;
      int j = i - 1;
      while (j > earliest && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '\r')) j--;
      if (j > earliest && text.charAt(j) == '\n') return j;
    }
    return -1;
  }

  /** Just after the last sentence end ({@code .!?}, maybe closing quotes or brackets, then whitespace), or -1. */
  private static int lastSentenceEnd(String text, int earliest, int limit) {
    for (int i = limit - 1; i > earliest; i--) {
      if (!Character.isWhitespace(text.charAt(i))) continue;
      int j = i - 1;
      while (j > earliest && isCloser(text.charAt(j))) j--;
      char c = text.charAt(j);
      if (c == '.' || c == '!' || c == '?' || c == '。' || c == '！' || c == '？') return i;
    }
    return -1;
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '»';
  }

  /** The last whitespace in (earliest, limit], or -1. */
  private static int lastSpace(String text, int earliest, int limit) {
    for (int i = limit; i > earliest; i--) {
      if (Character.isWhitespace(text.charAt(i))) return i;
    }
    return -1;
  }

  /** Where the next chunk starts: {@code overlap} back from {@code end}, moved to a word's start when one follows. */
  private int nextStart(String text, int pos, int end) {
    int next = end - overlap;
    if (next <= pos) return end;
    if (next == end) return end;
    if (Character.isLowSurrogate(text.charAt(next))) next++;
    if (next > 0 && !Character.isWhitespace(text.charAt(next - 1))) {
      for (int i = next; i < end; i++) {
        if (Character.isWhitespace(text.charAt(i))) return i;
      }
    }
    return next;
  }

  private static int skipSpace(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
    return i;
  }

  private static int trimEnd(String text, int start, int end) {
    int e = end;
    while (e > start && Character.isWhitespace(text.charAt(e - 1))) e--;
    return e;
  }

  public int size() {
    return size;
  }

  public int overlap() {
    return overlap;
  }
}
