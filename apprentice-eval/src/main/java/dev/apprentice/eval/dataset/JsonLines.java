package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.JsonParseErrors;
import java.io.IOException;
import java.io.Reader;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON Lines reader shared by the files of rows (an evaluation dataset, {@code apprentice metrics --input}): lines
 * one at a time, each at most {@link #MAX_LINE_CHARS} characters (a line is held whole in memory, so a file of one
 * line of gigabytes would exhaust it before the parser's per-value limits are reached), a byte order mark at the start
 * left out; and each line's one JSON object, refused with its line when it is anything else, has anything after it (a
 * second object there would be lost) or gives a key twice (one of the two values would be).
 */
public final class JsonLines {

  /** The longest line read: twice the parser's longest text value (20,000,000 characters), and no more. */
  public static final int MAX_LINE_CHARS = 40_000_000;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$");
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final Reader in;
  private final String name;
  private final int maxLineChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int length;
  private boolean afterCarriageReturn;
  private boolean ended;
  private int lineNumber;

  /** Lines of {@code in}, named {@code name} in errors ({@code items.jsonl line 4: ...}). */
  public JsonLines(Reader in, String name) {
    this(in, name, MAX_LINE_CHARS);
  }

  JsonLines(Reader in, String name, int maxLineChars) {
    this.in = in;
    this.name = name;
    this.maxLineChars = maxLineChars;
  }

  /**
   * The next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}, as {@link java.io.BufferedReader}
   * ends lines), or null at the end.
   *
   * @throws IllegalArgumentException for a line over the limit, named with its number
   */
  public String next() throws IOException {
    if (ended) return null;
    StringBuilder line = new StringBuilder();
    boolean any = false;
    while (true) {
      if (position == length) {
        length = in.read(buffer);
        position = 0;
        if (length <= 0) {
          length = 0;
          ended = true;
          if (!any) return null;
          break;
        }
      }
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      any = true;
      int start = position;
      while (position < length && buffer[position] != '\n' && buffer[position] != '\r') position++;
      if (line.length() + (position - start) > maxLineChars) {
        throw new IllegalArgumentException(where(lineNumber + 1) + ": longer than the limit of "
            + String.format(Locale.ROOT, "%,d", maxLineChars) + " characters per line (a line is read whole into "
            + "memory)");
      }
      line.append(buffer, start, position - start);
      if (position < length) {
        afterCarriageReturn = buffer[position++] == '\r';
        break;
      }
    }
    lineNumber++;
    if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line.deleteCharAt(0);
    return line.toString();
  }

  /** The number of the line {@link #next} gave last, from 1. */
  public int lineNumber() {
    return lineNumber;
  }

  /** Where the last line is, for errors: {@code items.jsonl line 4}. */
  public String where() {
    return where(lineNumber);
  }

  private String where(int number) {
    return name + " line " + number;
  }

  /** The line's one JSON object as plain values (maps, lists, strings, numbers, booleans, nulls). */
  public static Map<String, Object> object(String line, String where) {
    Map<String, Object> row = one(line, where, parser -> JSON.readValue(parser, ROW));
    if (row == null) throw new IllegalArgumentException(where + ": not a JSON object (null)");
    return row;
  }

  /** The line's one JSON object as a tree. */
  public static ObjectNode tree(String line, String where) {
    JsonNode row = one(line, where, parser -> JSON.readValue(parser, JsonNode.class));
    if (row instanceof ObjectNode object) return object;
    throw new IllegalArgumentException(where + ": not a JSON object (" + (row == null ? "null" : row.getNodeType()
        .name().toLowerCase(Locale.ROOT)) + ")");
  }

  private interface Read<T> {
    T from(JsonParser parser) throws IOException;
  }

  private static <T> T one(String line, String where, Read<T> read) {
    boolean readOne = false;
    try (JsonParser parser = JSON.createParser(line)) {
      T value = read.from(parser);
      readOne = true;
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(where + ": more than one JSON value on the line (JSON Lines holds one "
            + "object per line; the rest would be lost)");
      }
      return value;
    } catch (JsonProcessingException e) {
      String limit = SizeLimits.describe(e);
      if (limit != null) throw new IllegalArgumentException(where + ": " + limit);
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.matches()) {
        throw new IllegalArgumentException(where + ": the key '" + duplicate.group(1) + "' is given twice; one of "
            + "the two values would be lost");
      }
      String what = readOne ? "text after the JSON object" : "not a JSON object";
      throw new IllegalArgumentException(where + ": " + what + " (" + JsonParseErrors.plain(e.getOriginalMessage()) + ")");
    } catch (IOException e) {
      throw new IllegalStateException("cannot parse a line held in memory", e);
    }
  }
}
