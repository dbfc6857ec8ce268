package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.apprentice.api.GatewayException;
import java.io.IOException;

/**
 * JSON on the wire is UTF-8 (RFC 8259 §8.1), checked strictly before it is parsed: a body in UTF-16 or UTF-32 (which
 * the parser would otherwise detect and accept) or with ill-formed UTF-8 (overlong forms, surrogates, code points
 * above U+10FFFF, which the parser would otherwise decode into other characters) is a 400 that gives the byte offset
 * and names the field whose string holds it. A UTF-8 byte order mark is allowed, and ignored, as RFC 8259 permits.
 */
final class BodyEncoding {

  private BodyEncoding() {}

  static void requireUtf8(byte[] body) {
    // a JSON text starts with white space or a value, all ASCII: a zero among its first two bytes is UTF-16 or UTF-32
    for (int i = 0; i < Math.min(2, body.length); i++) {
      if (body[i] == 0) {
        throw GatewayException.invalid(null, "the request body is not valid UTF-8: a zero byte at byte offset " + i
            + " (UTF-16 or UTF-32?); send JSON as UTF-8");
      }
    }
    int bad = Utf8.firstInvalid(body);
    if (bad >= 0) {
      String param = fieldAt(body, bad);
      throw GatewayException.invalid(param, "the request body is not valid UTF-8 at byte offset " + bad
          + (param == null ? "" : " (in '" + param + "')"));
    }
  }

  /**
   * The field whose string value holds the byte at {@code offset} ({@code messages[0].content}), from the JSON before
   * it; the object holding it when the byte is in a field name; null at the top or when that JSON is malformed.
   */
  static String fieldAt(byte[] body, int offset) {
    try (JsonParser parser = ServerJson.MAPPER.getFactory().createParser(body, 0, offset)) {
      long lastString = -1;
      try {
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          lastString = token == JsonToken.VALUE_STRING ? parser.currentTokenLocation().getByteOffset() : -1;
        }
      } catch (IOException endsInside) {
        // the JSON before the byte ends inside a string or a field name (reading on fails), or is malformed
      }
      return path(parser.getParsingContext(), lastString >= 0 && unclosed(body, (int) lastString, offset));
    } catch (IOException e) {
      return null;
    }
  }

  /** True when the string whose opening quote is at {@code quote} is still open at {@code offset}. */
  private static boolean unclosed(byte[] body, int quote, int offset) {
    for (int i = quote + 1; i < offset; i++) {
      if (body[i] == '\\') i++;
      else if (body[i] == '"') return false;
    }
    return true;
  }

  private static String path(JsonStreamContext context, boolean inValue) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      String step;
      if (c.inArray()) {
        step = "[" + Math.max(0, c.getCurrentIndex()) + "]";
      } else if (c == context && !inValue) {
        continue; // in a field name: the object is the place, not the field before it
      } else {
        if (c.getCurrentName() == null) return null;
        step = (c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.getCurrentName();
      }
      path.insert(0, step);
    }
    return path.isEmpty() ? null : path.toString();
  }
}
